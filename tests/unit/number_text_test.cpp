// The integer and fraction writers of the text layout (format/number_text.h, second_text.h)
// against fmt: every digit count, both sides of each boundary, random values.
#include "format/number_text.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "format/second_text.h"

namespace {

template <typename T>
std::string written(T v) {
  char text[ringlog::detail::kMaxNumberText];
  return {text, ringlog::detail::write_decimal(text, v)};
}

// 0, 1, every power of ten and its neighbours, and the type's extremes.
template <typename T>
std::vector<T> boundaries() {
  std::vector<T> values = {0, 1, std::numeric_limits<T>::max(), std::numeric_limits<T>::min()};
  for (T p = 1; p <= std::numeric_limits<T>::max() / 10; p *= 10) {
    for (const T v : {T(p * 10 - 1), T(p * 10), T(p * 10 + 1), T(p / 2 * 10 + p / 3)}) {
      values.push_back(v);
      if constexpr (std::is_signed_v<T>) values.push_back(T(-v));
    }
  }
  return values;
}

}  // namespace

TEST_CASE("integers print as fmt prints them, at every digit count") {
  for (const auto v : boundaries<std::uint32_t>()) CHECK(written(v) == fmt::format("{}", v));
  for (const auto v : boundaries<std::uint64_t>()) CHECK(written(v) == fmt::format("{}", v));
  for (const auto v : boundaries<std::int64_t>()) CHECK(written(v) == fmt::format("{}", v));
  // The fixed-point pairs' worst cases: each class's largest values (the error grows with n).
  for (std::uint32_t v = 999'999'999; v > 999'000'000; --v) {
    REQUIRE(written(v) == fmt::format("{}", v));
  }
  for (std::uint32_t v = 99'999'999; v > 99'000'000; --v) {
    REQUIRE(written(v) == fmt::format("{}", v));
  }
}

TEST_CASE("random integers of every width print as fmt prints them") {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 300000; ++i) {
    const std::uint64_t bits = rng();
    const int shift = static_cast<int>(rng() % 64);  // every magnitude, not just huge ones
    const std::uint64_t u = bits >> shift;
    REQUIRE(written(u) == fmt::format("{}", u));
    REQUIRE(written(static_cast<std::uint32_t>(u)) ==
            fmt::format("{}", static_cast<std::uint32_t>(u)));
    REQUIRE(written(static_cast<std::int64_t>(bits) >> shift) ==
            fmt::format("{}", static_cast<std::int64_t>(bits) >> shift));
  }
}

TEST_CASE("padded pairs and the fraction of a second keep their leading zeros") {
  char text[16];
  CHECK(std::string(text, ringlog::detail::write_padded<6>(text, 7)) == "00000007");
  CHECK(std::string(text, ringlog::detail::write_padded<6>(text, 99'999'999)) == "99999999");
  CHECK(std::string(text, ringlog::detail::write_padded<4>(text, 120)) == "000120");
  const std::int64_t nanos[] = {0, 7, 999'999'999, 123'456'789, 100'000'000, 5'000};
  for (const std::int64_t n : nanos) {
    for (const int digits : {0, 3, 6, 9}) {
      const std::string got(text, ringlog::detail::write_fraction(text, n, digits));
      // fmt::format, not string appends: GCC 12 -O3 sees a false -Wrestrict in those.
      const std::string want = digits == 0
                                   ? std::string()
                                   : fmt::format(".{}", fmt::format("{:09}", n).substr(0, digits));
      CHECK(got == want);
    }
  }
}
