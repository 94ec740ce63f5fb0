// A parsed Config::pattern: turns one LogEvent into one text line.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "format/format_plan.h"
#include "format/line_program.h"
#include "format/second_text.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

class TextLayout {
 public:
  // Throws std::invalid_argument naming the unknown field or unbalanced brace. With
  // `append_fields`, a pattern without {fields} gets the context and kv() fields at the end of
  // the line (see Config::append_fields).
  // `fraction_digits` (0, 3, 6, 9): of the second in {time} and {clock}.
  TextLayout(std::string_view pattern, bool utc, bool append_fields = true,
             int fraction_digits = 9);

  // Appends the line for `event`, ending in '\n'. The message, names, file, function and fields
  // are escaped (append_escaped), so the line holds no other '\n' and no control byte but the
  // pattern's own text and, with `colour`, the ANSI colour codes wrapped around the level. Not
  // thread-safe (caches the formatted second and each (call site, thread)'s compiled line): one
  // layout per sink. After the first record of a site and thread: no allocation but the
  // buffer's growth, and for a message of "{}" numbers one reservation and copies and number
  // writes straight into `out`.
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
    message,
    fields
  };
  struct Token {
    Field field;
    std::string literal;
  };
  // The pattern as runs: a dynamic field (time, message) alone, or a run of tokens whose text
  // depends only on the call site and the thread, rendered once per (site, thread) and reused.
  struct Segment {
    Field field;  // literal = a static run of tokens_[first, last)
    std::size_t first = 0, last = 0;
  };
  struct SiteThreadKey {
    const CallSite* site;
    std::uint64_t thread_os_id;
    std::uint32_t thread_index;
    bool colour;
    bool operator==(const SiteThreadKey&) const = default;
  };
  struct SiteThreadKeyHash {
    std::size_t operator()(const SiteThreadKey& k) const noexcept;
  };
  // The lines of one (call site, thread, colour).
  struct Lines {
    // Checked on every use: a renamed thread, or a call site a decoder redefined in place
    // with another format or argument types, gets new lines.
    std::string thread_name;
    std::string_view format;
    const std::uint8_t* type_code;
    std::uint32_t message_code_size;
    FormatPlan plan;               // the message's, for the general program
    LineProgram numbers;           // with the message's numbers written in place (has_numbers)
    LineProgram general;           // with the message through format_message()
    bool has_numbers;              // the message is "{}" numbers and clean literals only
    bool numbers_need_no_context;  // `numbers` leaves fields out: for records without context
  };

  static bool is_static(Field field) noexcept;
  void append_token(const Token& token, const LogEvent& event, fmt::memory_buffer& out,
                    bool colour) const;
  // The lines of `key` from the map, built when missing or stale; made the last hit.
  const Lines& find_lines(const SiteThreadKey& key, const LogEvent& event);
  inline bool still_valid(const Lines& lines, const LogEvent& event) const noexcept;
  Lines build_lines(const LogEvent& event, bool colour) const;
  void build_program(const LogEvent& event, bool colour, bool number_message, const Lines& lines,
                     LineProgram& program) const;
  void run(const LineProgram& program, const Lines& lines, const LogEvent& event,
           fmt::memory_buffer& out);
  // The time, date or clock step at `p`; returns the end.
  char* write_time(char* p, std::int64_t unix_ns, LineProgram::Step step) noexcept;

  std::vector<Token> tokens_;
  std::vector<Segment> segments_;
  std::unordered_map<SiteThreadKey, Lines, SiteThreadKeyHash> cache_;
  SiteThreadKey last_key_{};     // the last line used, checked first
  const Lines* last_ = nullptr;  // its entry in cache_
  bool append_fields_;           // no {fields} in the pattern, and Config::append_fields is set
  int fraction_digits_;
  SecondText second_text_;
};

// The file name part of a path (after the last '/').
std::string_view base_name(std::string_view path) noexcept;

}  // namespace ringlog::detail
