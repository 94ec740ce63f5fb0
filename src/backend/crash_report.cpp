#include "backend/crash_report.h"

#include <execinfo.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <memory>

#include <fmt/format.h>

#include "ringlog/detail/log_call.h"
#include "ringlog/logger.h"

namespace ringlog::detail {
namespace {

CrashInfo g_crash_info;
// UINT32_MAX until registered. Release/acquire: the CallSite is complete once the ID is seen.
std::atomic<std::uint32_t> g_crash_site_id{~std::uint32_t{0}};

}  // namespace

CrashInfo& crash_info() noexcept {
  return g_crash_info;
}

const char* signal_name(int signal) noexcept {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV";
    case SIGBUS:
      return "SIGBUS";
    case SIGFPE:
      return "SIGFPE";
    case SIGILL:
      return "SIGILL";
    case SIGABRT:
      return "SIGABRT";
    case SIGTERM:
      return "SIGTERM";
    case SIGINT:
      return "SIGINT";
    default:
      return "signal";
  }
}

const char* signal_meaning(int signal) noexcept {
  switch (signal) {
    case SIGSEGV:
      return "invalid memory access";
    case SIGBUS:
      return "bus error";
    case SIGFPE:
      return "arithmetic exception";
    case SIGILL:
      return "illegal instruction";
    case SIGABRT:
      return "abort";
    case SIGTERM:
      return "termination request";
    case SIGINT:
      return "interrupt";
    default:
      return "fatal signal";
  }
}

std::vector<std::string> crash_report_lines(const CrashInfo& info, std::string_view thread_name) {
  std::vector<std::string> lines;
  std::string first =
      fmt::format("fatal signal {} ({})", signal_name(info.signal), signal_meaning(info.signal));
  const bool fault =
      info.code > 0 && info.signal != SIGABRT && info.signal != SIGTERM && info.signal != SIGINT;
  if (fault) first += fmt::format(" at address {}", info.address);
  if (info.reason[0] != '\0') first += fmt::format(" after std::terminate: {}", info.reason);
  first += fmt::format(" in thread '{}' [tid {}]",
                       thread_name.empty() ? std::string_view(info.thread_name) : thread_name,
                       info.thread_id);
  lines.push_back(std::move(first));
  if (info.frame_count > 0) {
    // backtrace_symbols() allocates one block for all the strings.
    const std::unique_ptr<char*, decltype(&std::free)> symbols(
        backtrace_symbols(info.frames, info.frame_count), &std::free);
    for (int i = 0; i < info.frame_count; ++i) {
      if (symbols) {
        lines.push_back(fmt::format("backtrace #{} {}", i, symbols.get()[i]));
      } else {
        lines.push_back(fmt::format("backtrace #{} {}", i, info.frames[i]));
      }
    }
  }
  return lines;
}

const CallSite* crash_call_site() noexcept {
  const std::uint32_t id = g_crash_site_id.load(std::memory_order_acquire);
  return id == ~std::uint32_t{0} ? nullptr : find_call_site(id);
}

void register_crash_call_site() {
  static SiteSlot slot;
  static constexpr SourceSite source{__FILE__, "crash_handler", __LINE__, Level::critical};
  const std::uint32_t id = register_call_site(slot, source, get_logger("ringlog"), "{}",
                                              Signature<1, std::string_view>::value);
  g_crash_site_id.store(id, std::memory_order_release);
}

}  // namespace ringlog::detail
