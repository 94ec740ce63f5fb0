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

// Exactly `width` (at most 20) decimal digits of `v`, zero-padded: the nanoseconds of a time.
inline void append_digits(fmt::memory_buffer& out, std::uint64_t v, int width) {
  char buf[20];
  for (int i = width - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  append(out, std::string_view(buf, static_cast<std::size_t>(width)));
}

}  // namespace ringlog::detail
