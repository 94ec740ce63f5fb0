// Opt-in crash handling: the last records before a crash reach the sinks.
#pragma once

namespace ringlog {

// Installs handlers so that a crash loses nothing ringlog accepted:
//  - SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT and std::terminate (uncaught exception): every
//    thread's ring is drained, a final critical line from logger "ringlog" names the signal (and
//    the exception), one line per backtrace frame follows, the sinks are flushed; then the
//    handler that was installed before (by default: the default action) gets the signal, so
//    the exit status and the core dump are what they would have been.
//  - SIGINT, SIGTERM: if the program has its own handler (installed before this call), ringlog
//    asks the backend to flush and calls it; with the default action, ringlog drains as for a
//    crash and lets the signal end the process; an ignored signal stays ignored.
// Handlers run on an alternate signal stack (a stack overflow is caught too) for the calling
// thread and every thread that logs for the first time afterwards. Waits at most
// Config::shutdown_timeout for the backend. docs/reliability.md explains which steps are
// async-signal-safe and what can still be lost.
// Call once, early in main() and after installing your own signal handlers; later calls do
// nothing. A handler installed after this replaces ringlog's for that signal. Thread-safe.
// Cost: a few syscalls and a 68 KiB mapping per thread that gets an alternate stack.
void install_crash_handler();

}  // namespace ringlog
