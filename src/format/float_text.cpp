#include "format/float_text.h"

#include <fmt/compile.h>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "format/number_text.h"

namespace ringlog::detail {
namespace {

// fmt's "{}" switches to the exponent form below 1e-4 and from 1e16 on.
constexpr int kExpLower = -4;
constexpr int kExpUpper = 16;

char* put_zeros(char* p, int n) {
  std::memset(p, '0', static_cast<std::size_t>(n));
  return p + n;
}

// "e+05", "e-123": a sign and at least two digits, as fmt writes the exponent.
char* put_exponent(char* p, int exp) {
  *p++ = 'e';
  *p++ = exp < 0 ? '-' : '+';
  const unsigned e = static_cast<unsigned>(exp < 0 ? -exp : exp);
  if (e < 10) *p++ = '0';
  return write_decimal(p, std::uint64_t{e});
}

}  // namespace

char* write_shortest(char* p, double value) noexcept {
  const auto dec = fmt::detail::dragonbox::to_decimal(value);  // shortest round-trip digits
  char d[24];
  const int size = static_cast<int>(write_decimal(d, std::uint64_t{dec.significand}) - d);
  const int output_exp = dec.exponent + size - 1;  // of the first digit
  if (output_exp < kExpLower || output_exp >= kExpUpper) {
    *p++ = d[0];  // d.ddd e±XX
    if (size > 1) {
      *p++ = '.';
      std::memcpy(p, d + 1, static_cast<std::size_t>(size - 1));
      p += size - 1;
    }
    return put_exponent(p, output_exp);
  }
  if (dec.exponent >= 0) {  // 1234e2 -> 123400
    std::memcpy(p, d, static_cast<std::size_t>(size));
    return put_zeros(p + size, dec.exponent);
  }
  if (const int whole = size + dec.exponent; whole > 0) {  // 1234e-2 -> 12.34
    std::memcpy(p, d, static_cast<std::size_t>(whole));
    p += whole;
    *p++ = '.';
    std::memcpy(p, d + whole, static_cast<std::size_t>(size - whole));
    return p + (size - whole);
  }
  *p++ = '0';  // 1234e-6 -> 0.001234
  *p++ = '.';
  p = put_zeros(p, -(size + dec.exponent));
  std::memcpy(p, d, static_cast<std::size_t>(size));
  return p + size;
}

char* write_nonfinite(char* p, double value) {
  return fmt::format_to_n(p, kMaxNumberText, FMT_COMPILE("{}"), value).out;
}

void append_double(fmt::memory_buffer& out, double value) {
  if (!std::isfinite(value)) {
    fmt::format_to(fmt::appender(out), FMT_COMPILE("{}"), value);
    return;
  }
  const std::size_t old = out.size();
  out.resize(old + kMaxNumberText);
  char* const begin = out.data() + old;
  out.resize(old + static_cast<std::size_t>(write_double(begin, value) - begin));
}

}  // namespace ringlog::detail
