// Normal exit without stop(): return from main, exit(), quick_exit() still write every record.
//
// The hook is registered with atexit()/at_quick_exit() by the first start(). exit() runs atexit
// functions and static destructors in reverse order of registration/construction, so the hook
// runs after the destructors of statics constructed after that start() (their log calls are
// written) and before those constructed earlier (their log calls are not: the backend is gone).
// The calling thread's thread_local destructors run before atexit functions, so its ring is
// retired and drained like any other.
#include <cstdlib>
#include <mutex>

#include "process/process_hooks.h"
#include "ringlog/ringlog.h"
#include "runtime/runtime.h"

namespace ringlog::detail {
namespace {

void stop_at_exit() {
  // Bounded: a sink stuck on a pipe nobody reads must not keep the process from exiting.
  ringlog::stop(runtime().config.shutdown_timeout);
}

}  // namespace

void install_exit_hook() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (std::atexit(stop_at_exit) != 0 || std::at_quick_exit(stop_at_exit) != 0) {
      report_error("cannot register the exit hook: call ringlog::stop() before exiting");
    }
  });
}

}  // namespace ringlog::detail
