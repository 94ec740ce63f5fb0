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

TEST_CASE("decimals of up to six places, at the edges of the short path, print as fmt does") {
  // The short path takes decimals of at most 15 digits with at most 6 after the point in
  // [1e-4, 1e9) and whole numbers below 1e15; everything else goes through dragonbox. Each
  // edge and its neighbours on both sides, by value and by one ulp.
  const double edges[] = {
      1e-4,          1e9,       1e15,       999999999.999999,   0.000123,
      123456.123456, 1.0000005, 99999999.5, 4503599627370496.0, 9007199254740993.0};
  for (const double edge : edges) {
    for (const double v : {edge, std::nextafter(edge, 0.0), std::nextafter(edge, 1e300)}) {
      INFO("bits " << std::bit_cast<std::uint64_t>(v));
      CHECK(ours(v) == fmt::format("{}", v));
      CHECK(ours(-v) == fmt::format("{}", -v));
    }
  }
  std::mt19937_64 rng(11);
  for (int places = 0; places <= 8; ++places) {
    const double scale = std::pow(10.0, places);
    for (int i = 0; i < 20000; ++i) {
      // A short decimal as a user would write it (prices, ratios), and the sum of two, which
      // is often not one (0.1 + 0.2).
      const double v = static_cast<double>(rng() % 100'000'000'000) / scale;
      const double sum = v + static_cast<double>(rng() % 1000) / scale;
      for (const double x : {v, sum}) {
        const std::string want = fmt::format("{}", x);
        if (ours(x) != want) {
          INFO("bits " << std::bit_cast<std::uint64_t>(x));
          REQUIRE(ours(x) == want);
        }
      }
    }
  }
}
