// Peer: NanoLog (its C++17 runtime, built from the folder given to perf/run --peers), as it
// ships: a 1 MiB staging buffer per thread that blocks the caller when full, rdtsc timestamps, a
// background thread polling every microsecond, and a compressed binary log opened with O_DSYNC
// (every write waits for the disk). Records are counted by running its decompressor on the file.
// printf-style format strings: NanoLog checks them against the arguments at compile time.
#include <array>  // NanoLogCpp17.h uses std::array without including it

#include <NanoLogCpp17.h>
#include <stdio.h>

#include <stdexcept>
#include <string>

#include "peers/adapter.h"

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
  // Decompresses the file with NanoLog's own decompressor and counts the records it prints.
  std::uint64_t records_on_disk() const {
    const std::string command = std::string("'") + RINGLOG_PERF_NANOLOG_DECOMPRESSOR +
                                "' decompress '" + file_.string() + "' 2>&1";
    FILE* out = ::popen(command.c_str(), "r");
    if (out == nullptr) throw std::runtime_error("cannot run " + command);
    std::uint64_t records = 0;
    std::string line;
    char buf[1 << 16];
    while (std::fgets(buf, sizeof buf, out) != nullptr) {
      line += buf;
      if (line.back() != '\n') continue;  // a line longer than the buffer: keep reading it
      if (line.find("Iteration: ") != std::string::npos) ++records;
      line.clear();
    }
    const int status = ::pclose(out);
    if (status != 0)
      throw std::runtime_error(command + " failed (status " + std::to_string(status) + ")");
    return records;
  }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
};

const bool kRegistered = register_adapter<Nanolog>();

}  // namespace
}  // namespace perf
