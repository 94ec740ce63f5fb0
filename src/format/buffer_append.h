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
// Two digits per division, written in place: this runs for every text record.
inline void append_digits(fmt::memory_buffer& out, std::uint64_t v, int width) {
  static constexpr char kPairs[] =
      "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243"
      "4445464748495051525354555657585960616263646566676869707172737475767778798081828384858687"
      "8889909192939495969798"
      "99";
  const std::size_t old = out.size();
  out.resize(old + static_cast<std::size_t>(width));
  char* p = out.data() + old + width;
  for (; width >= 2; width -= 2) {
    p -= 2;
    std::memcpy(p, kPairs + 2 * (v % 100), 2);
    v /= 100;
  }
  if (width == 1) *--p = static_cast<char>('0' + v % 10);
}

}  // namespace ringlog::detail
