// A record of the three-numbers message, encoded the way the hot path encodes it, plus the
// metadata the backend needs to format it: shared by the encode and format benchmarks.
#pragma once

#include <ringlog/ringlog.h>

#include <array>
#include <cstddef>

namespace perf {

inline constexpr std::string_view kThreeFormat = "Logging int: {}, int: {}, double: {}";

struct ThreeNumbersRecord {
  ThreeNumbersRecord() {
    using namespace ringlog::detail;
    size = record_size(0, 0, 0.0);
    write_record(bytes.data(), size, 0, 0, 42, 84, 10.5);
  }
  std::span<const std::byte> args() const {
    return {bytes.data() + sizeof(ringlog::detail::RecordHeader),
            size - sizeof(ringlog::detail::RecordHeader)};
  }
  alignas(8) std::array<std::byte, 64> bytes{};
  std::size_t size = 0;
  const ringlog::detail::ArgSignature& signature =
      ringlog::detail::Signature<3, int, int, double>::value;
};

}  // namespace perf
