// Binary sink end to end: one producer logs N records (block policy) through the whole pipeline
// to a file; timed from the first call until flush() returns; then the file is decoded (or its
// lines counted) and must hold all N. The same for the text file sink and for a sink that
// discards records (the pipeline's own ceiling). Reports wall-clock records/s and, because this
// machine is shared, the backend thread's CPU time per record: the consumer's real cost, which
// waiting for a CPU does not inflate (1e9 / that = what a dedicated backend core sustains).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "codec/binary_reader.h"
#include "common/args.h"
#include "common/discard_sink.h"
#include "common/json_line.h"
#include "common/process.h"
#include "common/run_main.h"
#include "ringlog/ringlog.h"

namespace {

constexpr const char* kUsage = R"(usage: ringlog-perf-binary-sink [options]
  --records N     records per run (default 4000000)
  --reps N        repetitions; the median run is reported (default 3)
  --batch N       Config::batch_size, records between sink flushes (default: the library's)
  --dir PATH      parent of the scratch directory for the log files (default /tmp)
  --json FILE     append one JSON object per (shape, sink) to FILE
)";

// CPU time the backend thread has used, from the scheduler's own accounting (ns, exact).
double backend_cpu_seconds() {
  for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    std::getline(comm, name);
    if (name != "ringlog-backend") continue;
    std::ifstream schedstat(task.path() / "schedstat");
    double on_cpu_ns = 0;
    schedstat >> on_cpu_ns;
    return on_cpu_ns * 1e-9;
  }
  return 0;
}

std::uint64_t count_binary(const std::string& path) {
  ringlog::detail::BinaryReader reader;
  std::ifstream in(path, std::ios::binary);
  std::vector<char> block(1 << 20);
  std::uint64_t n = 0;
  while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
    reader.feed(block.data(), static_cast<std::size_t>(in.gcount()));
    while (reader.next()) ++n;
  }
  reader.finish();
  while (reader.next()) ++n;
  return n;
}

enum class Kind { null, text, binary };
enum class Shape { iteration, string20 };

struct Result {
  double wall, cpu;
  std::uint64_t on_disk, bytes;
};

Result run(Kind kind, Shape shape, std::uint64_t n, const std::string& path, std::size_t batch) {
  std::filesystem::remove(path);
  ringlog::SinkPtr sink = kind == Kind::null   ? std::make_shared<perf::DiscardSink>()
                          : kind == Kind::text ? ringlog::file_sink(path)
                                               : ringlog::binary_file_sink(path);
  ringlog::Config config;
  config.full_policy = ringlog::FullPolicy::block;
  config.batch_size = batch;
  ringlog::start(config, {sink});
  ringlog::Logger& log = ringlog::get_logger("bench");
  const std::string str20 = "abcdefghijklmnopqrst";
  Result r{};
  std::thread producer([&] {
    ringlog::preallocate();
    const auto t0 = std::chrono::steady_clock::now();
    if (shape == Shape::iteration) {
      for (std::uint64_t i = 0; i < n; ++i) {
        RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, static_cast<int>(i & 0xffff),
                  static_cast<double>(i) * 0.5);
      }
    } else {
      for (std::uint64_t i = 0; i < n; ++i) RLOG_INFO(log, "Sending: {}", str20);
    }
    ringlog::flush();
    r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  });
  producer.join();
  r.cpu = backend_cpu_seconds();  // the backend started with start(): all of it is this run
  ringlog::stop();
  if (kind == Kind::null) {
    r.on_disk = n;
  } else {
    r.on_disk = kind == Kind::text ? perf::count_lines(path) : count_binary(path);
    r.bytes = std::filesystem::file_size(path);
  }
  return r;
}

double load_average() {
  double l[1] = {0};
  return getloadavg(l, 1) == 1 ? l[0] : -1;
}

const char* kind_name(Kind kind) {
  return kind == Kind::null ? "null" : kind == Kind::text ? "text" : "binary";
}

int run_program(int argc, char** argv) {
  const perf::Args args(argc, argv, {"help"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const std::uint64_t n = args.num("records", 4'000'000);
  const int reps = static_cast<int>(args.num("reps", 3));
  const std::size_t batch = args.num("batch", ringlog::Config{}.batch_size);
  std::FILE* json = nullptr;
  if (args.has("json")) {
    json = std::fopen(args.str("json", "").c_str(), "a");
    if (json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }
  const perf::ScratchDir dir(args.str("dir", "/tmp"), "ringlog-perf-binary-");
  const std::string path = (dir.path() / "sink.log").string();
  std::printf(
      "one producer, block policy, %llu records, batch_size %zu, median of %d; load average "
      "%.1f\n",
      static_cast<unsigned long long>(n), batch, reps, load_average());
  std::printf("%-9s %-6s %12s %19s %9s %10s %6s\n", "shape", "sink", "M records/s",
              "backend CPU ns/rec", "B/record", "on disk", "check");
  int status = 0;
  for (Shape shape : {Shape::iteration, Shape::string20}) {
    for (Kind kind : {Kind::null, Kind::text, Kind::binary}) {
      std::vector<Result> results;
      for (int r = 0; r < reps; ++r) {
        ::sync();  // no dirty pages from the previous run: it would throttle this one's writes
        results.push_back(run(kind, shape, n, path, batch));
      }
      std::sort(results.begin(), results.end(),
                [](const Result& a, const Result& b) { return a.wall < b.wall; });
      const Result& m = results[results.size() / 2];
      std::vector<double> cpus;
      for (const Result& x : results) cpus.push_back(x.cpu);
      std::sort(cpus.begin(), cpus.end());
      const bool ok = m.on_disk == n;
      status |= ok ? 0 : 1;
      const double cpu_ns = cpus[cpus.size() / 2] * 1e9 / static_cast<double>(n);
      std::printf("%-9s %-6s %12.2f %19.1f %9.2f %10llu %6s\n",
                  shape == Shape::iteration ? "3-number" : "str20", kind_name(kind),
                  static_cast<double>(n) / m.wall / 1e6, cpu_ns,
                  static_cast<double>(m.bytes) / static_cast<double>(n),
                  static_cast<unsigned long long>(m.on_disk), ok ? "ok" : "LOST");
      perf::JsonLine line;
      line.add("kind", "binary_sink")
          .add("shape", shape == Shape::iteration ? "three_numbers" : "string20")
          .add("sink", kind_name(kind));
      line.add("records", n)
          .add("reps", reps)
          .add("mrecords_per_s", static_cast<double>(n) / m.wall / 1e6);
      line.add("backend_cpu_ns_per_record", cpu_ns)
          .add("bytes_per_record", static_cast<double>(m.bytes) / static_cast<double>(n))
          .add("count_ok", ok);
      perf::emit(json, line);
    }
  }
  std::printf("load average after: %.1f\n", load_average());
  if (json != nullptr) std::fclose(json);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-binary-sink", kUsage,
                        [&] { return run_program(argc, argv); });
}
