// The binary log's own costs, without the pipeline around them (Google Benchmark):
//   append: one record into a chunk (the binary sink's per-record work on the backend);
//   decode: file bytes back to records, to text lines (ringlog-cat's default) and to JSON.
// Counters: bytes_per_record (file bytes incl. chunk headers and definitions), items/s.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "cat/json_output.h"
#include "codec/binary_reader.h"
#include "codec/binary_writer.h"
#include "format/text_layout.h"
#include "ringlog/ringlog.h"

namespace {

using namespace ringlog::detail;
using ringlog::ClockAnchor;

constexpr std::string_view kIterationFormat = "Iteration: {} int: {} double: {}";
constexpr std::string_view kStringFormat = "Sending: {}";
constexpr std::size_t kDistinct = 4096;  // distinct records cycled through

// Encoded arguments of `count` consecutive records, as the hot path encodes them.
struct Records {
  std::vector<std::vector<std::byte>> args;
  const ArgSignature* signature;
  std::string_view format;

  static Records iteration(std::size_t count) {
    Records r{{}, &Signature<3, std::uint64_t, int, double>::value, kIterationFormat};
    for (std::uint64_t i = 0; i < count; ++i) {
      std::vector<std::byte> b(32);
      std::byte* end = encode_arg(encode_arg(encode_arg(b.data(), i), static_cast<int>(i & 0xffff)),
                                  static_cast<double>(i) * 0.5);
      b.resize(static_cast<std::size_t>(end - b.data()));
      r.args.push_back(std::move(b));
    }
    return r;
  }
  static Records string20(std::size_t count) {
    Records r{{}, &Signature<1, std::string_view>::value, kStringFormat};
    for (std::size_t i = 0; i < count; ++i) {
      std::string s = "order-" + std::to_string(1'000'000'000'000 + i);  // 19 chars
      s.push_back('x');
      std::vector<std::byte> b(64);
      std::byte* end = encode_arg(b.data(), std::string_view(s));
      b.resize(static_cast<std::size_t>(end - b.data()));
      r.args.push_back(std::move(b));
    }
    return r;
  }
};

struct Fixture {
  explicit Fixture(const Records& records) : records(records) {
    site.id = 0;
    site.level = ringlog::Level::info;
    site.line = 42;
    site.logger_name = "bench";
    site.file = "perf/binary/codec_bench.cpp";
    site.function = "run";
    site.format = records.format;
    site.set_signature(*records.signature);
  }
  const Records& records;
  CallSite site{};
  ringlog::ThreadInfo thread{1, 4242, "producer"};
  // ~2.1 GHz TSC, one record every 50 ns.
  ClockAnchor anchor{1'000'000'000, 1'700'000'000'000'000'000, 1.0 / 2.1};
  std::uint64_t ticks = 1'000'000'000;
};

FileHeader bench_header(const ClockAnchor& anchor) {
  FileHeader h;
  h.anchor = anchor;
  h.pattern = ringlog::Config{}.pattern;
  h.host = "bench";
  h.program = "codec_bench";
  h.writer = "bench";
  return h;
}

// A whole log of `count` records, as the sink writes it (a chunk per 256 records: the
// backend's default batch).
std::string make_log(const Records& records, std::size_t count) {
  Fixture f(records);
  fmt::memory_buffer out;
  BinaryWriter writer(out);
  writer.begin_segment(bench_header(f.anchor));
  for (std::size_t i = 0; i < count; ++i) {
    f.ticks += 105;
    const auto& a = records.args[i % records.args.size()];
    writer.append(ringlog::LogEvent(f.site, f.thread, f.ticks, f.anchor.to_unix_ns(f.ticks), a),
                  &f.anchor);
    if (i % 256 == 255) writer.end_chunk();
  }
  writer.end_segment();
  return std::string(out.data(), out.size());
}

void append(benchmark::State& state, const Records& records) {
  Fixture f(records);
  fmt::memory_buffer out;
  BinaryWriter writer(out);
  writer.begin_segment(bench_header(f.anchor));
  std::size_t i = 0, bytes = 0, written = 0;
  for (auto _ : state) {
    f.ticks += 105;
    const auto& a = records.args[i++ % kDistinct];
    writer.append(ringlog::LogEvent(f.site, f.thread, f.ticks, f.anchor.to_unix_ns(f.ticks), a),
                  &f.anchor);
    if ((i & 255) == 0) {  // the backend's flush every 256 records
      writer.end_chunk();
      bytes += out.size();
      out.clear();
    }
    ++written;
  }
  writer.end_chunk();
  bytes += out.size();
  state.SetItemsProcessed(static_cast<std::int64_t>(written));
  state.counters["bytes_per_record"] = static_cast<double>(bytes) / static_cast<double>(written);
}

void BM_append_iteration(benchmark::State& state) {
  static const Records records = Records::iteration(kDistinct);
  append(state, records);
}
BENCHMARK(BM_append_iteration);

void BM_append_string20(benchmark::State& state) {
  static const Records records = Records::string20(kDistinct);
  append(state, records);
}
BENCHMARK(BM_append_string20);

enum class To { nothing, text, json };

void decode(benchmark::State& state, const Records& records, To to) {
  constexpr std::size_t kRecords = 200'000;
  const std::string log = make_log(records, kRecords);
  fmt::memory_buffer out;
  std::size_t decoded = 0;
  for (auto _ : state) {
    BinaryReader reader;
    TextLayout layout(ringlog::Config{}.pattern, true);
    ringlog::cat::JsonRecords json;
    reader.feed(log.data(), log.size());
    reader.finish();
    while (reader.next()) {
      const ringlog::LogEvent e = reader.event();
      if (to == To::text) layout.format(e, out);
      if (to == To::json) json.append(e, out);
      if (out.size() > (1u << 20)) out.clear();  // as if written to stdout
      ++decoded;
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(decoded));
  state.counters["bytes_per_record"] =
      static_cast<double>(log.size()) / static_cast<double>(kRecords);
}

void BM_decode_iteration_records_only(benchmark::State& state) {
  decode(state, Records::iteration(kDistinct), To::nothing);
}
BENCHMARK(BM_decode_iteration_records_only)->Unit(benchmark::kMillisecond);
void BM_decode_iteration_to_text(benchmark::State& state) {
  decode(state, Records::iteration(kDistinct), To::text);
}
BENCHMARK(BM_decode_iteration_to_text)->Unit(benchmark::kMillisecond);
void BM_decode_iteration_to_json(benchmark::State& state) {
  decode(state, Records::iteration(kDistinct), To::json);
}
BENCHMARK(BM_decode_iteration_to_json)->Unit(benchmark::kMillisecond);
void BM_decode_string20_to_text(benchmark::State& state) {
  decode(state, Records::string20(kDistinct), To::text);
}
BENCHMARK(BM_decode_string20_to_text)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
