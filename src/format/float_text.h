// A double as fmt's "{}" prints it (shortest round-trip digits, exponent form outside
// [1e-4, 1e16)), written straight into the buffer: fmt's general float writer was a third of
// the cost of a text record with one double.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstdint>

#include "format/number_text.h"

namespace ringlog::detail {

// Appends exactly fmt::format("{}", value). NaN and infinities go through fmt itself.
void append_double(fmt::memory_buffer& out, double value);

// Doubles that are a decimal of at most 15 significant digits with at most 6 after the point
// (counts, prices, halves, ratios) in [1e-4, 1e9), or whole numbers below 1e15, written without
// dragonbox: a few instructions instead of a few hundred. Such a decimal D is the shortest
// round-trip text: no other decimal of 15 digits or fewer lies within half an ulp of the double
// (their spacing, at least 1e-15 of the value, exceeds an ulp, at most 2^-52 of it), and
// dragonbox's shortest has no more digits than D. D = t / 10^6 round-trips exactly when
// double(t) / 1e6 == value: t < 2^53 and 1e6 are exact, so the division rounds as parsing D
// does. And when such a D exists, t = round(value * 1e6) finds it: the error of value and of the
// product stays below 0.25. Returns null when `value` (finite, not negative) is not such a number.
inline char* write_short_decimal(char* p, double value) noexcept {
  constexpr double kWholeLimit = 1e15;
  constexpr double kScale = 1e6;
  if (value < kWholeLimit) {
    const auto whole = static_cast<std::uint64_t>(value);
    if (static_cast<double>(whole) == value) return write_decimal(p, whole);
  }
  if (!(value >= 1e-4 && value < 1e9)) return nullptr;  // exponent form below 1e-4
  const auto t = static_cast<std::uint64_t>(value * kScale + 0.5);
  if (static_cast<double>(t) / kScale != value) return nullptr;
  p = write_decimal(p, t / 1'000'000);
  *p++ = '.';
  p = write_padded<4>(p, t % 1'000'000);
  while (p[-1] == '0') --p;  // not the whole fraction: value is not a whole number
  return p;
}

// fmt's shortest text of a finite, not negative `value` by dragonbox, at `p`; returns the end.
char* write_shortest(char* p, double value) noexcept;

// The same text as append_double() of a finite `value` at `p`, which has kMaxNumberText
// (number_text.h) bytes of room; returns the end.
inline char* write_double(char* p, double value) noexcept {
  if (std::signbit(value)) {
    *p++ = '-';
    value = -value;
  }
  if (char* const end = write_short_decimal(p, value)) return end;
  return write_shortest(p, value);
}

// NaN and infinities as fmt writes them, at `p`; returns the end.
char* write_nonfinite(char* p, double value);

// write_double() for any `value`.
inline char* write_double_text(char* p, double value) {
  if (std::isfinite(value)) [[likely]] {
    return write_double(p, value);
  }
  return write_nonfinite(p, value);
}

}  // namespace ringlog::detail
