// Appending to an fmt::memory_buffer with memcpy: fmt 9's buffer::append copies byte by byte,
// which made it the largest single cost of laying out a line.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstring>
#include <string_view>

namespace ringlog::detail {

inline void append(fmt::memory_buffer& out, std::string_view s) {
  const std::size_t old = out.size();
  out.resize(old + s.size());  // grows geometrically, leaves the new bytes uninitialised
  if (!s.empty()) std::memcpy(out.data() + old, s.data(), s.size());
}

inline void append_decimal(fmt::memory_buffer& out, std::uint64_t v) {
  const fmt::format_int digits(v);
  append(out, {digits.data(), digits.size()});
}

inline void append_decimal(fmt::memory_buffer& out, std::int64_t v) {
  const fmt::format_int digits(v);
  append(out, {digits.data(), digits.size()});
}

}  // namespace ringlog::detail
