// The backend's per-record work: the message alone (src/format/message.cpp) and the whole text
// line with the default layout (src/format/text_layout.cpp).
#include <benchmark/benchmark.h>

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
