// The opt-in crash handler (include/ringlog/crash.h).
//
// What runs in the signal handler, and why it is async-signal-safe enough:
//  - lock-free atomics (the crash owner, the request bits), clock_gettime, nanosleep, write,
//    sigaction, sigprocmask, alarm, raise, prctl, syscall(gettid): async-signal-safe.
//  - backtrace(): not on POSIX's list; glibc's only unsafe step is loading libgcc_s on the
//    first call, which install_crash_handler() makes happen up front.
//  - The drain, formatting and sink writes do NOT run here: the crashing thread asks the
//    backend thread to do them (Runtime::requests) and waits, at most shutdown_timeout. The
//    backend runs them in normal context. If a lock the crashing thread holds stops it (a
//    crash inside malloc, or inside a synchronous logger's sink), the wait ends and the
//    records still queued are lost; stderr says so.
//  - The exception: the crashing thread IS the backend (a sink or a format call crashed). Then
//    nobody else can drain, so the handler does it itself (Backend::drain_after_own_crash):
//    not async-signal-safe, accepted because the alternative is losing everything. It skips
//    the record whose delivery crashed; a second fault there ends the process at once (the
//    owner check below), and a hang is cut short by the alarm() watchdog.
// After the report: the previous action is restored and gets the signal (a fault repeats when
// the instruction is run again; anything else is re-raised), so exit status and core are as
// they would have been without ringlog.
#include <errno.h>
#include <execinfo.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include <cxxabi.h>
#include <atomic>
#include <chrono>
#include <cstring>
#include <exception>
#include <memory>
#include <mutex>
#include <typeinfo>

#include "ringlog/crash.h"

#include "backend/backend.h"
#include "backend/crash_report.h"
#include "runtime/alt_stack.h"
#include "runtime/backend_thread.h"
#include "runtime/runtime.h"

namespace ringlog::detail {
namespace {

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};
constexpr int kStopSignals[] = {SIGINT, SIGTERM};

// The actions in place before ours; written once by install_crash_handler() before our
// handler is installed for that signal, read-only afterwards.
struct sigaction g_previous[NSIG];
std::terminate_handler g_previous_terminate = nullptr;

// Kernel id of the thread reporting the crash; 0 while none. Only the first crashing thread
// reports; a fault inside its own report ends the process at once.
std::atomic<pid_t> g_crash_owner{0};
static_assert(std::atomic<pid_t>::is_always_lock_free);
// The signal being handled, for the watchdog.
volatile sig_atomic_t g_crash_signal = 0;

pid_t current_tid() noexcept {
  return static_cast<pid_t>(::syscall(SYS_gettid));
}

std::int64_t monotonic_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

void sleep_ns(long ns) noexcept {
  timespec ts{0, ns};
  nanosleep(&ts, nullptr);
}

// A line for stderr assembled without allocation or stdio.
class SafeLine {
 public:
  SafeLine& operator<<(const char* s) noexcept {
    while (*s != '\0' && len_ < sizeof buf_ - 1) buf_[len_++] = *s++;
    return *this;
  }
  SafeLine& operator<<(std::int64_t v) noexcept {
    char digits[24];
    std::size_t n = 0;
    std::uint64_t u = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    do {
      digits[n++] = static_cast<char>('0' + u % 10);
      u /= 10;
    } while (u != 0);
    if (v < 0) *this << "-";
    while (n > 0 && len_ < sizeof buf_ - 1) buf_[len_++] = digits[--n];
    return *this;
  }
  void write_to_stderr() noexcept {
    buf_[len_++] = '\n';
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, buf_, len_);
  }

 private:
  char buf_[512];
  std::size_t len_ = 0;
};

bool is_fault(int sig, const siginfo_t* info) noexcept {
  return info != nullptr && info->si_code > 0 &&
         (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL);
}

// Restores the action in place before ours and hands it the signal.
void pass_on(int sig, const siginfo_t* info) noexcept {
  struct sigaction previous = g_previous[sig];
  if (previous.sa_handler == SIG_IGN) {
    // Ignoring a fault would loop on the faulting instruction; end the process instead.
    previous = {};
    previous.sa_handler = SIG_DFL;
  }
  sigaction(sig, &previous, nullptr);
  // A fault raised by the kernel repeats when the faulting instruction runs again after we
  // return, so the previous action sees the real fault and the core the real state.
  if (is_fault(sig, info)) return;
  // Blocked while this handler runs: delivered, to the restored action, when it returns.
  raise(sig);
}

// Runs if the report hangs (a lock held by the crashed code): ends the process with the
// original signal, default action.
void on_watchdog(int) {
  const int sig = g_crash_signal;
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  sigaction(sig, &dfl, nullptr);
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, sig);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  raise(sig);
}

void arm_watchdog(int sig, std::chrono::milliseconds budget) noexcept {
  g_crash_signal = sig;
  struct sigaction sa {};
  sa.sa_handler = on_watchdog;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  alarm(static_cast<unsigned>(budget.count() / 1000 + 2));
}

const void* interrupted_pc(const void* context) noexcept {
  if (context == nullptr) return nullptr;
  const auto* uc = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  return reinterpret_cast<const void*>(uc->uc_mcontext.gregs[REG_RIP]);
#elif defined(__aarch64__)
  return reinterpret_cast<const void*>(uc->uc_mcontext.pc);
#else
  (void)uc;
  return nullptr;
#endif
}

void capture(int sig, const siginfo_t* info, const void* context, pid_t tid) noexcept {
  CrashInfo& c = crash_info();
  c.signal = sig;
  c.code = info != nullptr ? info->si_code : 0;
  c.address = info != nullptr ? info->si_addr : nullptr;
  c.thread_id = static_cast<std::uint64_t>(tid);
  prctl(PR_GET_NAME, c.thread_name, 0, 0, 0);  // at most 16 bytes, NUL included
  c.frame_count = backtrace(c.frames, kMaxCrashFrames);
  // Start the backtrace at the interrupted instruction: the frames above it are this handler.
  const void* pc = interrupted_pc(context);
  for (int i = 0; i < c.frame_count; ++i) {
    if (c.frames[i] != pc) continue;
    std::memmove(c.frames, c.frames + i,
                 sizeof(void*) * static_cast<std::size_t>(c.frame_count - i));
    c.frame_count -= i;
    break;
  }
}

// Asks the backend to drain and write the report; true once it has, false after `timeout`.
bool backend_drains(Runtime& rt, std::chrono::milliseconds timeout) noexcept {
  // Release: publishes crash_info() to the backend's acquire load of `pending`.
  rt.requests.pending.fetch_or(SignalRequests::kCrashDrain, std::memory_order_release);
  rt.bell.ring();  // async-signal-safe: an atomic add and a futex wake
  const std::int64_t deadline =
      monotonic_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(timeout).count();
  // Acquire pairs with the backend's release: everything it wrote is done.
  while ((rt.requests.done.load(std::memory_order_acquire) & SignalRequests::kCrashDrain) == 0) {
    if (monotonic_ns() >= deadline) return false;
    sleep_ns(100'000);
  }
  return true;
}

void on_fatal_signal(int sig, siginfo_t* info, void* context) {
  const int saved_errno = errno;
  const pid_t self = current_tid();
  Runtime& rt = runtime();
  const std::chrono::milliseconds timeout = rt.config.shutdown_timeout;
  pid_t owner = 0;
  if (!g_crash_owner.compare_exchange_strong(owner, self, std::memory_order_acq_rel)) {
    if (owner != self) {
      // Another thread is reporting a crash and will end the process; give it the time it may
      // take, then end it ourselves.
      const std::int64_t until = monotonic_ns() + (timeout.count() + 2000) * 1'000'000;
      while (monotonic_ns() < until) sleep_ns(10'000'000);
    }
    // owner == self: a fault inside our own report. Nothing more can be saved.
    pass_on(sig, info);
    errno = saved_errno;
    return;
  }
  arm_watchdog(sig, timeout);
  capture(sig, info, context, self);
  const bool running = rt.gate.running.load(std::memory_order_acquire);
  bool written = false;
  if (running) {
    if (Backend* backend = backend_on_this_thread()) {
      backend->drain_after_own_crash();
      written = true;
    } else {
      written = backend_drains(rt, timeout);
    }
  }
  if (!written) {
    SafeLine line;
    line << "ringlog: fatal signal " << signal_name(sig) << " in thread " << std::int64_t{self};
    if (running) {
      line << ": the backend did not write the queued records within "
           << static_cast<std::int64_t>(timeout.count()) << " ms; they are lost";
    } else {
      line << ": ringlog is not running, nothing was written";
    }
    line.write_to_stderr();
  }
  alarm(0);
  pass_on(sig, info);
  errno = saved_errno;
}

void on_stop_signal(int sig, siginfo_t* info, void* context) {
  const struct sigaction& previous = g_previous[sig];
  if (previous.sa_handler == SIG_DFL) {
    // The signal ends the process: write everything first, as for a crash.
    on_fatal_signal(sig, info, context);
    return;
  }
  // The program handles it (typically: shut down cleanly, and the exit hook writes the rest).
  // Only a lock-free request here, and the bell (an atomic add and a futex wake).
  runtime().requests.pending.fetch_or(SignalRequests::kFlushSoon, std::memory_order_release);
  runtime().bell.ring();
  sigset_t old;
  pthread_sigmask(SIG_BLOCK, &previous.sa_mask, &old);
  if ((previous.sa_flags & SA_SIGINFO) != 0) {
    previous.sa_sigaction(sig, info, context);
  } else {
    previous.sa_handler(sig);
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if ((previous.sa_flags & SA_RESETHAND) != 0) {
    // The program asked for a one-shot handler: after it, the default action, as the kernel
    // would have left it.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, nullptr);
  }
}

// Records what std::terminate is about, then lets the previous terminate handler (the default
// one prints it and calls abort()) run; the SIGABRT handler then writes the report.
[[noreturn]] void on_terminate() noexcept {
  CrashInfo& c = crash_info();
  const std::size_t size = sizeof c.reason;
  if (const std::exception_ptr current = std::current_exception()) {
    const std::type_info* type = abi::__cxa_current_exception_type();
    int status = -1;
    const std::unique_ptr<char, decltype(&std::free)> demangled(
        type != nullptr ? abi::__cxa_demangle(type->name(), nullptr, nullptr, &status) : nullptr,
        &std::free);
    const char* type_name = demangled ? demangled.get() : type != nullptr ? type->name() : "?";
    try {
      std::rethrow_exception(current);
    } catch (const std::exception& e) {
      std::snprintf(c.reason, size, "uncaught exception of type %s: %s", type_name, e.what());
    } catch (...) {
      std::snprintf(c.reason, size, "uncaught exception of type %s", type_name);
    }
  } else {
    std::snprintf(c.reason, size, "called without an active exception");
  }
  if (g_previous_terminate != nullptr) g_previous_terminate();
  std::abort();
}

void install_signal(int sig, void (*handler)(int, siginfo_t*, void*), bool keep_ignored) {
  struct sigaction previous {};
  if (sigaction(sig, nullptr, &previous) != 0) return;
  if (keep_ignored && previous.sa_handler == SIG_IGN) return;
  g_previous[sig] = previous;
  struct sigaction sa {};
  sa.sa_sigaction = handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, nullptr);
}

}  // namespace
}  // namespace ringlog::detail

namespace ringlog {

void install_crash_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    using namespace detail;
    register_crash_call_site();
    // The first backtrace() loads libgcc_s (dlopen, malloc): do it now, not during a crash.
    void* warm_up[4];
    backtrace(warm_up, 4);
    ensure_alt_stack();
    enable_alt_stacks_for_new_threads();
    for (const int sig : kFatalSignals) install_signal(sig, on_fatal_signal, false);
    for (const int sig : kStopSignals) install_signal(sig, on_stop_signal, true);
    g_previous_terminate = std::set_terminate(on_terminate);
  });
}

}  // namespace ringlog
