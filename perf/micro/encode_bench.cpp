// Encoding a record's arguments (what the hot path does after reserving ring space).
#include <benchmark/benchmark.h>
#include <ringlog/ringlog.h>

#include <array>
#include <string>

namespace {

using namespace ringlog::detail;

void BM_encode_three_numbers(benchmark::State& state) {
  alignas(8) std::array<std::byte, 64> buffer{};
  int a = 1;
  double c = 0.5;
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(c);
    const std::size_t size = record_size(a, a, c);
    write_record(buffer.data(), size, 7, 12345, a, a, c);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_encode_three_numbers);

void BM_encode_string(benchmark::State& state) {
  std::array<std::byte, 256> buffer{};
  const std::string s(static_cast<std::size_t>(state.range(0)), 'x');
  for (auto _ : state) {
    const std::string_view v = to_stored(s);
    const std::size_t size = record_size(v);
    write_record(buffer.data(), size, 7, 12345, v);
    benchmark::DoNotOptimize(buffer.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_encode_string)->Arg(20)->Arg(40)->Arg(100);

}  // namespace
