// The backend's per-record work: the message alone (src/format/message.cpp) and the whole text
// line with the default layout (src/format/text_layout.cpp).
#include <benchmark/benchmark.h>

#include <array>
#include <vector>

#include "common/order_types.h"
#include "format/message.h"
#include "format/text_layout.h"
#include "micro/record_fixture.h"

namespace {

using namespace ringlog::detail;

void BM_format_message_three_numbers(benchmark::State& state) {
  const perf::ThreeNumbersRecord record;
  fmt::memory_buffer out;
  for (auto _ : state) {
    out.clear();
    format_message(perf::kThreeFormat, {record.signature.code, record.signature.message_code_size},
                   record.args(), out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_format_message_three_numbers);

// The backend's cost of a described struct: "order {}" with a 4-field Order, against the same
// four fields logged separately.
template <typename... Args>
void format_encoded(benchmark::State& state, std::string_view format, const Args&... args) {
  std::array<std::byte, 128> bytes{};
  const std::size_t size = record_size(to_stored(args)...);
  write_record(bytes.data(), size, 0, 0, to_stored(args)...);
  const ArgSignature& signature = Signature<sizeof...(Args), stored_t<Args>...>::value;
  const std::span<const std::byte> encoded(bytes.data() + sizeof(RecordHeader),
                                           size - sizeof(RecordHeader));
  fmt::memory_buffer out;
  for (auto _ : state) {
    out.clear();
    format_message(format, {signature.code, signature.message_code_size}, encoded, out,
                   signature.formatters);
    benchmark::DoNotOptimize(out.data());
  }
}

void BM_format_message_struct4(benchmark::State& state) {
  format_encoded(state, "order {}", bench::Order{42, bench::Side::sell, 100, 101.25});
}
BENCHMARK(BM_format_message_struct4);

void BM_format_message_fields4(benchmark::State& state) {
  format_encoded(state, "order {} {} {} {}", std::uint64_t{42}, std::uint8_t{1}, 100, 101.25);
}
BENCHMARK(BM_format_message_fields4);

void BM_format_message_vector10(benchmark::State& state) {
  const std::vector<double> levels{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5};
  format_encoded(state, "book {}", levels);
}
BENCHMARK(BM_format_message_vector10);

void BM_format_line_default_layout(benchmark::State& state) {
  const perf::ThreeNumbersRecord record;
  CallSite site{};
  site.level = ringlog::Level::info;
  site.line = 42;
  site.logger_name = "gateway";
  site.file = "src/order/gateway.cpp";
  site.function = "on_fill";
  site.format = perf::kThreeFormat;
  site.set_signature(record.signature);
  const ringlog::ThreadInfo thread{1, 4242, "md-feed"};
  TextLayout layout(ringlog::Config{}.pattern, true);
  fmt::memory_buffer out;
  std::int64_t ns = 1'700'000'000'000'000'000;
  for (auto _ : state) {
    out.clear();
    ns += 1000;  // a new timestamp each record, as in a live log
    const ringlog::LogEvent event(site, thread, 0, ns, record.args());
    layout.format(event, out);
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_format_line_default_layout);

}  // namespace
