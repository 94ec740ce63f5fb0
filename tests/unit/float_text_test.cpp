// append_double() against fmt itself: the text sink and ringlog-cat print doubles with it, and
// their text must stay exactly fmt's "{}".
#include "format/float_text.h"

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>

namespace {

std::string ours(double v) {
  fmt::memory_buffer out;
  ringlog::detail::append_double(out, v);
  return fmt::to_string(out);
}

}  // namespace

TEST_CASE("every form fmt uses: fixed, fraction, leading zeros, both exponent signs") {
  const double cases[] = {0.0,
                          -0.0,
                          1.0,
                          -1.0,
                          0.5,
                          1234.5,
                          123456789.0,
                          0.1,
                          0.0001,
                          0.00012345,
                          0.00009999,
                          1e15,
                          9999999999999998.0,
                          1e16,
                          1.5e16,
                          1e100,
                          1.2345e-100,
                          5e-324,
                          std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::min(),
                          std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::quiet_NaN(),
                          -std::numeric_limits<double>::quiet_NaN(),
                          3.141592653589793,
                          -2.718281828459045e-7,
                          1e22,
                          1e-5};
  for (const double v : cases) {
    INFO("bits " << std::bit_cast<std::uint64_t>(v));
    CHECK(ours(v) == fmt::format("{}", v));
  }
}

TEST_CASE("random bit patterns and random magnitudes print as fmt prints them") {
  std::mt19937_64 rng(20261203);
  std::uniform_real_distribution<double> exponent(-30.0, 30.0);
  for (int i = 0; i < 200000; ++i) {
    // Half any bit pattern (every exponent, subnormals, NaN payloads), half values near the
    // switch between fixed and exponent form.
    const double v = i % 2 == 0
                         ? std::bit_cast<double>(rng())
                         : static_cast<double>(rng() % 1000000) * std::pow(10.0, exponent(rng));
    const std::string want = fmt::format("{}", v);
    const std::string got = ours(v);
    if (got != want) {
      INFO("bits " << std::bit_cast<std::uint64_t>(v));
      REQUIRE(got == want);
    }
  }
}

TEST_CASE("whole numbers of the throughput message print without a fraction") {
  for (std::uint64_t i = 0; i < 100000; ++i) {
    const double v = static_cast<double>(i) * 0.5;
    REQUIRE(ours(v) == fmt::format("{}", v));
  }
}
