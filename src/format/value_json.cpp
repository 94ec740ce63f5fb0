#include "format/value_json.h"

#include <cmath>
#include <type_traits>

#include "format/buffer_append.h"
#include "format/json_escape.h"

namespace ringlog::detail {
namespace {

template <typename F>
void append_json_float(fmt::memory_buffer& out, F v) {
  // JSON has no NaN or infinity: they travel as strings a reader can still recognise.
  if (std::isnan(v)) {
    append(out, "\"nan\"");
  } else if (std::isinf(v)) {
    append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
  } else {
    fmt::format_to(fmt::appender(out), "{}", v);
  }
}

}  // namespace

void append_json_scalar(fmt::memory_buffer& out, ArgType kind, std::span<const std::byte> bytes) {
  visit_arg(kind, bytes, [&out](auto value) {
    using T = decltype(value);
    if constexpr (std::is_same_v<T, bool>) {
      append(out, value ? "true" : "false");
    } else if constexpr (std::is_same_v<T, char>) {
      append_json_string(out, std::string_view(&value, 1));
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      append_json_string(out, value);
    } else if constexpr (std::is_pointer_v<T>) {
      fmt::format_to(fmt::appender(out), "\"{}\"", value);
    } else if constexpr (std::is_floating_point_v<T>) {
      append_json_float(out, value);
    } else {
      fmt::format_to(fmt::appender(out), "{}", +value);  // + : int8 as a number, not a char
    }
  });
}

}  // namespace ringlog::detail
