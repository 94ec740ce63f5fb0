// Peer: fmtlog (header-only, from the folder given to perf/run --peers; the last commit written
// for fmt 9.1, linked against Debian's libfmt). Built with FMTLOG_BLOCK=1 so a full queue blocks
// like every other peer here (its default drops); its per-thread queue is 1 MiB (its default,
// ringlog's too); it has no background thread unless asked. Each run polls it from a thread of
// its own that sleeps 1 µs between polls (NanoLog's interval), as fmtlog's README allows: its
// startPollingThread() computes the sleep from its recalibrated TSC clock, and on this VM that
// once slept for minutes with a producer blocked on a full queue. Timestamps: its own TSC clock.
// Text file, header layout close to ringlog's default.
#define FMTLOG_HEADER_ONLY
#define FMTLOG_BLOCK 1
#include <fmtlog.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "peers/adapter.h"

namespace perf {
namespace {

constexpr std::chrono::microseconds kPollInterval{1};

class Fmtlog {
 public:
  static constexpr std::string_view kKey = "fmtlog";
  static constexpr std::string_view kName = "fmtlog";
  static constexpr bool kInLatency = true;

  explicit Fmtlog(const PeerSetup& setup) : file_(setup.dir / "fmtlog.log") {
    fmtlog::setLogFile(file_.c_str(), true);
    fmtlog::setHeaderPattern("{YmdHMSF} {l} [{t}] {s} ");
    fmtlog::setLogLevel(fmtlog::INF);
    poller_ = std::thread([this] {
      while (polling_.load(std::memory_order_relaxed)) {
        fmtlog::poll();
        std::this_thread::sleep_for(kPollInterval);
      }
      fmtlog::poll(true);  // everything logged before finish(), and its buffer to the file
    });
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
  // The poller's last poll(true) drains every queue; closing the file writes the stdio buffer.
  void finish() {
    if (!poller_.joinable()) return;
    // Relaxed: only a stop request; join() orders the poller's writes before what follows.
    polling_.store(false, std::memory_order_relaxed);
    poller_.join();
    fmtlog::closeLogFile();
  }
  std::uint64_t records_on_disk() const { return count_lines_containing(file_, "Iteration: "); }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::atomic<bool> polling_{true};
  std::thread poller_;
};

const bool kRegistered = register_adapter<Fmtlog>();

}  // namespace
}  // namespace perf
