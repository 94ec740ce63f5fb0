// One record -> one RFC 5424 syslog message (no framing: the socket side adds that).
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>

#include "format/second_text.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

// The parts of the header that are the same for every message, already made safe.
struct SyslogHeader {
  SyslogFacility facility = SyslogFacility::user;
  std::string hostname;  // each "-" when empty
  std::string app_name;
  std::string procid;
  std::string msgid;
  std::string sd_id;
};

// Header fields as RFC 5424 allows them: only '!'..'~' ('_' for every other byte), at most
// `max_length` bytes, "-" (NILVALUE) when empty. For SD-IDs also '=', ']', '"', ' ' -> '_'.
std::string syslog_header_field(std::string_view text, std::size_t max_length);
std::string syslog_sd_name(std::string_view text);

// RFC 5424 severity of a level: trace, debug 7; info 6; warn 4; error 3; critical 2.
int syslog_severity(Level level) noexcept;

class SyslogMessage {
 public:
  explicit SyslogMessage(SyslogHeader header, std::size_t max_bytes);

  // Replaces `out`'s content with the message for `event`, at most max_bytes long: a longer one
  // loses the end of its MSG (at a UTF-8 boundary), and when even that is not enough, its
  // structured data. Not thread-safe (caches the formatted second).
  void format(const LogEvent& event, fmt::memory_buffer& out);

 private:
  void append_timestamp(std::int64_t unix_ns, fmt::memory_buffer& out);
  void append_structured_data(const LogEvent& event, fmt::memory_buffer& out);
  // Cuts the message in `out` to max_bytes_; `msg_start` is where MSG begins.
  void cut(const LogEvent& event, std::size_t msg_start, fmt::memory_buffer& out);

  SyslogHeader header_;
  std::size_t max_bytes_;
  SecondText second_text_{'T', true};
};

}  // namespace ringlog::detail
