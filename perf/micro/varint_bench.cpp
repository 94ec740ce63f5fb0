// The binary log's varint codec (src/codec/varint.h): encode and decode of small and large
// values. Built only when the codec exists.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>

#include "codec/varint.h"

namespace {

using namespace ringlog::detail;

void BM_varint_encode(benchmark::State& state) {
  std::array<std::byte, kMaxVarintBytes> out{};
  std::uint64_t v = static_cast<std::uint64_t>(state.range(0));
  for (auto _ : state) {
    benchmark::DoNotOptimize(v);
    std::byte* end = put_varint(out.data(), v);
    benchmark::DoNotOptimize(end);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_varint_encode)->Arg(100)->Arg(1'000'000)->Arg(INT64_MAX);

void BM_varint_decode(benchmark::State& state) {
  std::array<std::byte, kMaxVarintBytes> buf{};
  const std::byte* end = put_varint(buf.data(), static_cast<std::uint64_t>(state.range(0)));
  for (auto _ : state) {
    ByteReader reader(buf.data(), end);
    benchmark::DoNotOptimize(reader.varint());
  }
}
BENCHMARK(BM_varint_decode)->Arg(100)->Arg(1'000'000)->Arg(INT64_MAX);

}  // namespace
