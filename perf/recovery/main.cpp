// Recovery speed (Config::ring_dir): a child logs N records of "Iteration: {} int: {} double: {}"
// into one large ring whose backend holds everything back (reorder window 1 s, no flush), then
// kills itself; the parent times reading the directory (RingDirReader: read, validate, sort) and
// formatting every record as the text sink would. Prints records/s for both, median of --reps.
//   ringlog-perf-recovery [--records N] [--reps N] [--dir PATH]
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <ringlog/ringlog.h>

#include "format/text_layout.h"
#include "recovery/ring_dir_reader.h"

namespace {

std::string make_dead_dir(const std::string& parent, long records) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ringlog::Config config;
    config.ring_dir = parent;
    config.queue_bytes = std::size_t{1} << 26;  // 64 MiB: 1M records of 48 bytes fit
    config.reorder_window = std::chrono::seconds(1);
    config.flush_interval = std::chrono::hours(1);
    config.batch_size = std::size_t{1} << 30;
    ringlog::start(config, {ringlog::file_sink("/dev/null")});
    auto& log = ringlog::get_logger("perf");
    for (long i = 0; i < records; ++i)
      RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, i * 2, i * 0.25);
    ::raise(SIGKILL);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  for (const auto& e : std::filesystem::directory_iterator(parent)) return e.path().string();
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  long records = 1'000'000;
  int reps = 3;
  std::string parent = "/dev/shm/ringlog-perf-recovery";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--records") records = std::atol(argv[i + 1]);
    if (a == "--reps") reps = std::atoi(argv[i + 1]);
    if (a == "--dir") parent = argv[i + 1];
  }
  std::vector<double> read_rate, text_rate;
  for (int r = 0; r < reps; ++r) {
    std::filesystem::remove_all(parent);
    const std::string dir = make_dead_dir(parent, records);
    const auto t0 = std::chrono::steady_clock::now();
    const ringlog::detail::RingDirReader reader(dir);
    const auto t1 = std::chrono::steady_clock::now();
    ringlog::detail::TextLayout layout(ringlog::Config{}.pattern, true);
    fmt::memory_buffer out;
    std::size_t bytes = 0;
    reader.for_each([&](const ringlog::LogEvent& e) {
      layout.format(e, out);
      if (out.size() > (1u << 16)) bytes += out.size(), out.clear();
    });
    const auto t2 = std::chrono::steady_clock::now();
    const double n = static_cast<double>(reader.record_count());
    if (reader.record_count() != static_cast<std::size_t>(records)) {
      std::fprintf(stderr, "recovered %zu of %ld records\n", reader.record_count(), records);
      return 1;
    }
    read_rate.push_back(n / std::chrono::duration<double>(t1 - t0).count());
    text_rate.push_back(n / std::chrono::duration<double>(t2 - t0).count());
  }
  std::filesystem::remove_all(parent);
  std::sort(read_rate.begin(), read_rate.end());
  std::sort(text_rate.begin(), text_rate.end());
  std::printf(
      "recovery of %ld records: read+validate+sort %.2f M records/s, to text %.2f M records/s "
      "(median of %d)\n",
      records, read_rate[read_rate.size() / 2] / 1e6, text_rate[text_rate.size() / 2] / 1e6, reps);
  return 0;
}
