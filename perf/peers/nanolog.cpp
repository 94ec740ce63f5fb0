// Peer: NanoLog (its C++17 runtime, built from the folder given to perf/run --peers), as it
// ships: a 1 MiB staging buffer per thread that blocks the caller when full, rdtsc timestamps, a
// background thread polling every microsecond, and a compressed binary log opened with O_DSYNC
// (every write waits for the disk). Records are counted by decoding the file with its decompressor.
// printf-style format strings: NanoLog checks them against the arguments at compile time.
// Built as a loadable module with NanoLog's runtime inside (peers/meson.build): that runtime
// starts its polling thread from a static initialiser, so it may only be loaded by the process
// measuring NanoLog (peers/isolated_run.h); nanolog_module.cpp tells the programs it exists.
#include <array>  // NanoLogCpp17.h uses std::array without including it

#include <NanoLogCpp17.h>
#include <stdio.h>

#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>

#include "peers/adapter.h"
#include "peers/module.h"

namespace perf {
namespace {

using namespace NanoLog::LogLevels;

class Nanolog {
 public:
  static constexpr std::string_view kKey = "nanolog";
  static constexpr std::string_view kName = "NanoLog";
  static constexpr bool kInLatency = true;

  // NanoLog is a process-wide singleton that cannot be restarted: each run points it at a new
  // file (setLogFile first writes out everything logged to the previous one).
  explicit Nanolog(const PeerSetup& setup) : file_(setup.dir / "nanolog.clog") {
    NanoLog::setLogFile(file_.c_str());
    NanoLog::setLogLevel(NOTICE);
  }
  Nanolog(const Nanolog&) = delete;
  Nanolog& operator=(const Nanolog&) = delete;

  void prepare_thread() { NanoLog::preallocate(); }
  RINGLOG_PERF_INLINE void three_numbers(int a, int b, double c) {
    NANO_LOG(NOTICE, "Logging int: %d, int: %d, double: %lf", a, b, c);
  }
  RINGLOG_PERF_INLINE void one_string(const std::string& s) {
    NANO_LOG(NOTICE, "Logging str: %s", s.c_str());
  }
  RINGLOG_PERF_INLINE void many_args(const ManyArgs& m) {
    // venue is a string literal, so data() is NUL-terminated.
    NANO_LOG(NOTICE, "order %lu side %c px %lf qty %d venue %s seq %lu ts %ld flags %u test %d",
             m.order_id, m.side, m.price, m.quantity, m.venue.data(), m.sequence, m.timestamp,
             m.flags, static_cast<int>(m.is_test));
  }
  RINGLOG_PERF_INLINE void disabled(int a, int b, double c) {
    NANO_LOG(DEBUG, "Logging int: %d, int: %d, double: %lf", a, b, c);
  }
  RINGLOG_PERF_INLINE void iteration(std::uint64_t i, int n, double d) {
    NANO_LOG(NOTICE, "Iteration: %lu int: %d double: %lf", i, n, d);
  }
  // Blocks until everything logged so far is in the file.
  void finish() { NanoLog::sync(); }
  // Decodes every record of the file with NanoLog's own decompressor and returns how many it
  // decoded. Its `rcdfTime` command decodes each record's arguments without printing them and
  // reports "aggregate N time entries" (N = records - 1, the gaps between them); printing the
  // records as text (`decompress`) takes ~14 s for 4M of them on this VM, which a throughput
  // run with several rounds cannot afford. A file of 0 or 1 records both report N = 0, so
  // those few are counted through `decompress`.
  std::uint64_t records_on_disk() const {
    const std::uint64_t gaps = run_decompressor("rcdfTime", "to aggregate ", " time entries");
    if (gaps > 0) return gaps + 1;
    return run_decompressor("decompress", "after printing ", " log messages");
  }
  std::filesystem::path file() const { return file_; }

 private:
  // Runs `decompressor <command> <file>` and returns the number between `before` and `after`
  // on its summary line; throws when the decompressor fails or prints no such line.
  std::uint64_t run_decompressor(const std::string& command, const std::string& before,
                                 const std::string& after) const {
    const std::string line = std::string("'") + RINGLOG_PERF_NANOLOG_DECOMPRESSOR + "' " + command +
                             " '" + file_.string() + "' 2>&1";
    FILE* out = ::popen(line.c_str(), "r");
    if (out == nullptr) throw std::runtime_error("cannot run " + line);
    std::optional<std::uint64_t> count;
    char buf[1 << 16];
    while (std::fgets(buf, sizeof buf, out) != nullptr) {
      const std::string_view text(buf);
      const auto at = text.find(before);
      if (at == std::string_view::npos || text.find(after, at) == std::string_view::npos) continue;
      count = std::strtoull(buf + at + before.size(), nullptr, 10);
    }
    const int status = ::pclose(out);
    if (status != 0)
      throw std::runtime_error(line + " failed (status " + std::to_string(status) + ")");
    if (!count) throw std::runtime_error(line + ": no '" + before + "N" + after + "' line");
    return *count;
  }

  std::filesystem::path file_;
};

}  // namespace
}  // namespace perf

RINGLOG_PERF_MODULE_ADAPTER(perf::Nanolog)
