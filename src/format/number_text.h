// Numbers written straight to a char pointer with room for them (kMaxNumberText bytes): the
// message formatter reserves once per record and writes every "{}" number in place, instead of
// a resize and a memcpy call per number.
#pragma once

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ringlog::detail {

// Room any number takes: a 64-bit integer's 20 digits and sign, a double's longest text (47).
constexpr std::size_t kMaxNumberText = 48;

// "000" to "999", three bytes each.
inline constexpr auto kThreeDigits = [] {
  std::array<char, 3000> t{};
  for (std::size_t i = 0; i < 1000; ++i) {
    t[3 * i] = static_cast<char>('0' + i / 100);
    t[3 * i + 1] = static_cast<char>('0' + i / 10 % 10);
    t[3 * i + 2] = static_cast<char>('0' + i % 10);
  }
  return t;
}();

// The three digits of `v` (below 1000), zero-padded, at `p`; returns the end.
inline char* write_three_digits(char* p, std::uint32_t v) noexcept {
  std::memcpy(p, kThreeDigits.data() + 3 * v, 3);
  return p + 3;
}

// Digits by fixed-point pairs, no division per pair: f = n * ceil(2^57 / 10^k) holds n / 10^k
// in its bits from 57 up and the rest, (n mod 10^k) / 10^k, as a 57-bit binary fraction whose
// error stays below n / 2^57. While n * 10^k < 2^57 that error is below 10^-k, too small to move
// any digit, so each multiplication of the fraction by 100 brings up the next two digits
// exactly. With n below 10^(k+2), f and the fraction times 100 stay below 100 * 2^57 < 2^64.
namespace pair_digits {

inline constexpr int kBits = 57;
inline constexpr std::uint64_t kMask = (std::uint64_t{1} << kBits) - 1;

constexpr std::uint64_t scale(int k) noexcept {
  std::uint64_t power = 1;
  for (int i = 0; i < k; ++i) power *= 10;
  return ((std::uint64_t{1} << kBits) + power - 1) / power;
}

// The next two digits of the fraction in `f`, at `p`.
inline char* next_pair(char* p, std::uint64_t& f) noexcept {
  f = (f & kMask) * 100;
  std::memcpy(p, fmt::detail::digits2(static_cast<std::size_t>(f >> kBits)), 2);
  return p + 2;
}

// `v` (below 100) as one or two digits.
inline char* lead(char* p, std::uint64_t v) noexcept {
  if (v < 10) {
    *p = static_cast<char>('0' + v);
    return p + 1;
  }
  std::memcpy(p, fmt::detail::digits2(static_cast<std::size_t>(v)), 2);
  return p + 2;
}

// The digits of `n`, 10^K <= n < 10^(K+2) (K even, at most 8; K = 8 only below 10^9).
template <int K>
inline char* digits(char* p, std::uint64_t n) noexcept {
  std::uint64_t f = n * scale(K);
  p = lead(p, f >> kBits);
  for (int i = 0; i < K / 2; ++i) p = next_pair(p, f);
  return p;
}

}  // namespace pair_digits

// Exactly K + 2 digits of `n` (below 10^(K+2); K even, at most 6), zero-padded, at `p`; returns
// the end.
template <int K>
inline char* write_padded(char* p, std::uint64_t n) noexcept {
  std::uint64_t f = n * pair_digits::scale(K);
  std::memcpy(p, fmt::detail::digits2(static_cast<std::size_t>(f >> pair_digits::kBits)), 2);
  p += 2;
  for (int i = 0; i < K / 2; ++i) p = pair_digits::next_pair(p, f);
  return p;
}

// The decimal digits of `v` at `p`; returns the end.
inline char* write_decimal(char* p, std::uint32_t v) noexcept {
  if (v < 100) return pair_digits::lead(p, v);
  if (v < 10'000) return pair_digits::digits<2>(p, v);
  if (v < 1'000'000) return pair_digits::digits<4>(p, v);
  if (v < 100'000'000) return pair_digits::digits<6>(p, v);
  if (v < 1'000'000'000) return pair_digits::digits<8>(p, v);
  const std::uint32_t high = v / 100'000'000;  // 10 to 42
  std::memcpy(p, fmt::detail::digits2(high), 2);
  return write_padded<6>(p + 2, v - high * 100'000'000);
}

inline char* write_decimal(char* p, std::uint64_t v) noexcept {
  constexpr std::uint64_t kEight = 100'000'000;
  if (v <= UINT32_MAX) return write_decimal(p, static_cast<std::uint32_t>(v));
  if (v < kEight * kEight) {
    const std::uint64_t high = v / kEight;  // below 10^8
    p = write_decimal(p, static_cast<std::uint32_t>(high));
    return write_padded<6>(p, v - high * kEight);
  }
  const std::uint64_t top = v / (kEight * kEight);  // below 1845
  const std::uint64_t rest = v - top * (kEight * kEight);
  const std::uint64_t middle = rest / kEight;
  p = write_decimal(p, static_cast<std::uint32_t>(top));
  p = write_padded<6>(p, middle);
  return write_padded<6>(p, rest - middle * kEight);
}

inline char* write_decimal(char* p, std::int64_t v) noexcept {
  if (v >= 0) return write_decimal(p, static_cast<std::uint64_t>(v));
  *p++ = '-';
  return write_decimal(p, ~static_cast<std::uint64_t>(v) + 1);  // INT64_MIN too
}

}  // namespace ringlog::detail
