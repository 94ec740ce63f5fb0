// Numbers written straight to a char pointer with room for them (kMaxNumberText bytes): the
// message formatter reserves once per record and writes every "{}" number in place, instead of
// a resize and a memcpy call per number.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstring>

namespace ringlog::detail {

// Room any number takes: a 64-bit integer's 20 digits and sign, a double's longest text (47).
constexpr std::size_t kMaxNumberText = 48;

// The decimal digits of `v` at `p`; returns the end.
inline char* write_decimal(char* p, std::uint64_t v) noexcept {
  const int n = fmt::detail::count_digits(v);
  char* q = p + n;
  while (v >= 100) {
    q -= 2;
    std::memcpy(q, fmt::detail::digits2(static_cast<std::size_t>(v % 100)), 2);
    v /= 100;
  }
  if (v >= 10) {
    std::memcpy(q - 2, fmt::detail::digits2(static_cast<std::size_t>(v)), 2);
  } else {
    q[-1] = static_cast<char>('0' + v);
  }
  return p + n;
}

inline char* write_decimal(char* p, std::int64_t v) noexcept {
  if (v >= 0) return write_decimal(p, static_cast<std::uint64_t>(v));
  *p++ = '-';
  return write_decimal(p, ~static_cast<std::uint64_t>(v) + 1);  // INT64_MIN too
}

}  // namespace ringlog::detail
