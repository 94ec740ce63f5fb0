#include "backend/internal_records.h"

#include "ringlog/detail/log_call.h"
#include "ringlog/detail/timestamp.h"
#include "ringlog/logger.h"

namespace ringlog::detail {

template <typename... Args>
LogEvent InternalRecords::make(const CallSite& site, const ThreadInfo& thread,
                               const Args&... args) {
  args_.resize(record_size(args...) - sizeof(RecordHeader));
  std::byte* out = args_.data();
  ((out = encode_arg(out, args)), ...);
  const std::uint64_t ticks = read_ticks();
  return LogEvent(site, thread, ticks, clock_.to_unix_ns(ticks), args_, {}, &clock_.anchor());
}

LogEvent InternalRecords::drop_report(const ThreadInfo& thread, std::uint64_t count) {
  static SiteSlot slot;
  static constexpr SourceSite source{__FILE__, "drop_report", __LINE__, Level::warn};
  static constexpr std::string_view kFormat = "dropped {} records from thread '{}'";
  const std::uint32_t id = register_call_site(slot, source, get_logger("ringlog"), kFormat,
                                              Signature<2, std::uint64_t, std::string_view>::value);
  return make(*find_call_site(id), thread, count, thread.name.substr(0, kThreadNameMax));
}

LogEvent InternalRecords::backtrace_header(const ThreadInfo& thread, std::string_view logger,
                                           std::size_t count) {
  static SiteSlot slot;
  static constexpr SourceSite source{__FILE__, "backtrace", __LINE__, Level::info};
  static constexpr std::string_view kFormat = "backtrace of {}, {} records";
  const std::uint32_t id = register_call_site(slot, source, get_logger("ringlog"), kFormat,
                                              Signature<2, std::string_view, std::uint64_t>::value);
  return make(*find_call_site(id), thread, logger, static_cast<std::uint64_t>(count));
}

LogEvent InternalRecords::crash_line(const CallSite& site, const ThreadInfo& thread,
                                     std::string_view line) {
  return make(site, thread, line);
}

}  // namespace ringlog::detail
