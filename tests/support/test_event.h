// One record built by hand as the backend hands it to a sink: a call site, a thread and the
// arguments encoded as a log call encodes them. For testing layouts and sinks without start(),
// a ring or a backend thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/detail/log_call.h"
#include "ringlog/sinks.h"

namespace ringlog::test {

// 2023-11-14 22:13:20.123456789 UTC.
inline constexpr std::int64_t kSampleUnixNs = 1'700'000'000'123'456'789;

// A record of `format` with `args`, logged at info by logger "gateway" on thread "md-feed"
// (index 1, OS id 4242) at src/order/gateway.cpp:42 in on_fill(). The members may be changed
// before event() is called. Not copyable: events refer to the site and thread it holds.
class TestRecord {
 public:
  template <typename... Args>
  explicit TestRecord(std::string format, const Args&... args)
      : format_(std::move(format)), bytes_(detail::record_size(detail::to_stored(args)...)) {
    detail::write_record(bytes_.data(), bytes_.size(), 0, 0, detail::to_stored(args)...);
    site.level = Level::info;
    site.line = 42;
    site.logger_name = "gateway";
    site.file = "src/order/gateway.cpp";
    site.function = "on_fill";
    site.format = format_;
    site.set_signature(detail::Signature<sizeof...(Args), detail::stored_t<Args>...>::value);
  }
  TestRecord(const TestRecord&) = delete;
  TestRecord& operator=(const TestRecord&) = delete;

  // The record as a sink sees it, at `unix_ns`, with `context` as the thread's context fields.
  LogEvent event(std::int64_t unix_ns = kSampleUnixNs, std::span<const Field> context = {}) const {
    return LogEvent(site, thread, 0, unix_ns,
                    std::span<const std::byte>(bytes_).subspan(sizeof(detail::RecordHeader)),
                    context);
  }

  CallSite site{};
  ThreadInfo thread{1, 4242, "md-feed"};

 private:
  std::string format_;
  std::vector<std::byte> bytes_;
};

}  // namespace ringlog::test
