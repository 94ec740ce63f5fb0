#include "codec/format_guard.h"

#include <cctype>

namespace ringlog::detail {
namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

// Reads the digits at format[i], advancing i; saturates instead of overflowing.
std::int64_t read_number(std::string_view format, std::size_t& i) noexcept {
  std::int64_t v = 0;
  while (i < format.size() && is_digit(format[i])) {
    if (v <= kMaxFormatWidth) v = v * 10 + (format[i] - '0');
    ++i;
  }
  return v;
}

}  // namespace

FormatCheck check_format(std::string_view format) {
  FormatCheck result;
  std::uint32_t next_auto = 0;
  // An argument reference: explicit index or the next automatic one.
  const auto arg_id = [&](std::size_t& i) -> std::uint32_t {
    if (i < format.size() && is_digit(format[i])) {
      const std::int64_t id = read_number(format, i);
      if (id > kMaxFormatWidth) result.plausible = false;
      return static_cast<std::uint32_t>(id);
    }
    return next_auto++;
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '{') continue;
    if (i + 1 < format.size() && format[i + 1] == '{') {
      ++i;  // escaped brace
      continue;
    }
    ++i;
    arg_id(i);
    // The rest of the field up to its closing brace; nested fields are dynamic width/precision.
    while (i < format.size() && format[i] != '}') {
      if (format[i] == '{') {
        ++i;
        result.dynamic_args.push_back(arg_id(i));
        while (i < format.size() && format[i] != '}') ++i;  // fmt rejects anything else here
        if (i < format.size()) ++i;
      } else if (is_digit(format[i])) {
        if (read_number(format, i) > kMaxFormatWidth) result.plausible = false;
      } else {
        ++i;
      }
    }
  }
  return result;
}

}  // namespace ringlog::detail
