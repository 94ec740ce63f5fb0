// A parsed Config::pattern: turns one LogEvent into one text line.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/sinks.h"

namespace ringlog::detail {

class TextLayout {
 public:
  // Throws std::invalid_argument naming the unknown field or unbalanced brace.
  TextLayout(std::string_view pattern, bool utc);

  // Appends the line for `event`, ending in '\n'. With `colour`, the level is wrapped in ANSI
  // colour codes. Not thread-safe (caches the formatted second): one layout per sink.
  void format(const LogEvent& event, fmt::memory_buffer& out, bool colour = false);

 private:
  enum class Field : std::uint8_t {
    literal,
    time,
    date,
    clock,
    level,
    thread,
    tid,
    logger,
    file,
    line,
    source,
    function,
    message
  };
  struct Token {
    Field field;
    std::string literal;
  };
  void append_time(std::int64_t unix_ns, fmt::memory_buffer& out, bool date, bool clock);

  std::vector<Token> tokens_;
  bool utc_;
  std::int64_t cached_second_ = INT64_MIN;
  char cached_text_[20] = {};  // "YYYY-MM-DD HH:MM:SS"
};

// The file name part of a path (after the last '/').
std::string_view base_name(std::string_view path) noexcept;

}  // namespace ringlog::detail
