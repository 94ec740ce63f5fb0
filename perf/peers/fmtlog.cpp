// Peer: fmtlog (header-only, from the folder given to perf/run --peers; the last commit written
// for fmt 9.1, linked against Debian's libfmt). Built with FMTLOG_BLOCK=1 so a full queue blocks
// like every other peer here (its default drops); its per-thread queue is 1 MiB (its default,
// ringlog's too); it has no background thread unless asked, so each run starts its polling
// thread with a 1 µs interval (NanoLog's). Timestamps: its own TSC clock. Text file, header
// layout close to ringlog's default.
#define FMTLOG_HEADER_ONLY
#define FMTLOG_BLOCK 1
#include <fmtlog.h>

#include <string>

#include "peers/adapter.h"

namespace perf {
namespace {

constexpr std::int64_t kPollIntervalNs = 1000;

class Fmtlog {
 public:
  static constexpr std::string_view kKey = "fmtlog";
  static constexpr std::string_view kName = "fmtlog";
  static constexpr bool kInLatency = true;

  explicit Fmtlog(const PeerSetup& setup) : file_(setup.dir / "fmtlog.log") {
    fmtlog::setLogFile(file_.c_str(), true);
    fmtlog::setHeaderPattern("{YmdHMSF} {l} [{t}] {s} ");
    fmtlog::setLogLevel(fmtlog::INF);
    fmtlog::startPollingThread(kPollIntervalNs);
  }
  ~Fmtlog() { finish(); }
  Fmtlog(const Fmtlog&) = delete;
  Fmtlog& operator=(const Fmtlog&) = delete;

  void prepare_thread() { fmtlog::preallocate(); }
  RINGLOG_PERF_INLINE void three_numbers(int a, int b, double c) {
    logi("Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void one_string(const std::string& s) { logi("Logging str: {}", s); }
  RINGLOG_PERF_INLINE void many_args(const ManyArgs& m) {
    logi("order {} side {} px {} qty {} venue {} seq {} ts {} flags {} test {}", m.order_id, m.side,
         m.price, m.quantity, m.venue, m.sequence, m.timestamp, m.flags, m.is_test);
  }
  RINGLOG_PERF_INLINE void disabled(int a, int b, double c) {
    logd("Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void iteration(std::uint64_t i, int n, double d) {
    logi("Iteration: {} int: {} double: {}", i, n, d);
  }
  // Stopping the polling thread makes it drain every queue (its last poll(true)); closing the
  // file writes fmtlog's buffer and the stdio one.
  void finish() {
    if (finished_) return;
    finished_ = true;
    fmtlog::stopPollingThread();
    fmtlog::closeLogFile();
  }
  std::uint64_t records_on_disk() const { return count_lines_containing(file_, "Iteration: "); }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
  bool finished_ = false;
};

const bool kRegistered = register_adapter<Fmtlog>();

}  // namespace
}  // namespace perf
