// What the crash handler captured about a crash, and the lines ringlog logs about it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/detail/call_site.h"
#include "ringlog/detail/thread_ring.h"

namespace ringlog::detail {

inline constexpr int kMaxCrashFrames = 64;

struct CrashInfo {
  int signal = 0;
  int code = 0;                   // siginfo si_code: > 0 means raised by the kernel (a fault)
  const void* address = nullptr;  // faulting address (SIGSEGV, SIGBUS) or instruction
  std::uint64_t thread_id = 0;    // kernel thread id of the crashing thread
  char thread_name[kThreadNameMax] = {};
  void* frames[kMaxCrashFrames] = {};
  int frame_count = 0;
  char reason[512] = {};  // from the std::terminate handler, or empty
};

// The one crash being handled. Written only by the thread that won the right to report the
// crash, before it asks the backend to drain (the request's release publishes it).
CrashInfo& crash_info() noexcept;

// "SIGSEGV" etc., and a few words on what it means. Static strings: safe in a signal handler.
const char* signal_name(int signal) noexcept;
const char* signal_meaning(int signal) noexcept;

// The lines to log: the one naming the signal, then one per backtrace frame. `thread_name` is
// the crashing thread's ringlog name (set_thread_name) if known, else the OS name is used.
// Allocates and formats: runs on the backend in normal context (or, last resort, in the handler).
std::vector<std::string> crash_report_lines(const CrashInfo& info, std::string_view thread_name);

// The call site the crash lines are logged under (logger "ringlog", critical, "{}"). Registered
// by install_crash_handler(), so no registration happens during a crash; nullptr before.
const CallSite* crash_call_site() noexcept;
void register_crash_call_site();

}  // namespace ringlog::detail
