// Peer: Quill (header-only, from the folder given to perf/run --peers), its defaults: one
// queue per thread that starts at 128 KiB and grows instead of blocking, TSC timestamps, the
// backend thread's default idle sleep. File sink with a layout close to ringlog's default
// (date time.ns level [thread] logger file:line message).
#include <quill/Backend.h>
#include <quill/Frontend.h>
#include <quill/LogMacros.h>
#include <quill/Logger.h>
#include <quill/sinks/FileSink.h>

#include <atomic>
#include <string>

#include "peers/adapter.h"

namespace perf {
namespace {

class Quill {
 public:
  static constexpr std::string_view kKey = "quill";
  static constexpr std::string_view kName = "Quill 12.1";
  static constexpr bool kInLatency = true;

  explicit Quill(const PeerSetup& setup) : file_(setup.dir / "quill.log") {
    quill::Backend::start();
    quill::FileSinkConfig config;
    config.set_open_mode('w');
    auto sink = quill::Frontend::create_or_get_sink<quill::FileSink>(file_.string(), config);
    // A fresh logger per run: Quill keeps loggers by name for the life of the process.
    static std::atomic<int> runs{0};
    logger_ = quill::Frontend::create_or_get_logger(
        "bench" + std::to_string(runs.fetch_add(1, std::memory_order_relaxed)), std::move(sink),
        quill::PatternFormatterOptions{
            "%(time) %(log_level) [%(thread_id)] %(logger) %(short_source_location) %(message)",
            "%Y-%m-%d %H:%M:%S.%Qns"});
    logger_->set_log_level(quill::LogLevel::Info);
  }
  ~Quill() {
    quill::Frontend::remove_logger_blocking(logger_);
    quill::Backend::stop();
  }
  Quill(const Quill&) = delete;
  Quill& operator=(const Quill&) = delete;

  void prepare_thread() { quill::Frontend::preallocate(); }
  RINGLOG_PERF_INLINE void three_numbers(int a, int b, double c) {
    LOG_INFO(logger_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void one_string(const std::string& s) {
    LOG_INFO(logger_, "Logging str: {}", s);
  }
  RINGLOG_PERF_INLINE void many_args(const ManyArgs& m) {
    LOG_INFO(logger_, "order {} side {} px {} qty {} venue {} seq {} ts {} flags {} test {}",
             m.order_id, m.side, m.price, m.quantity, m.venue, m.sequence, m.timestamp, m.flags,
             m.is_test);
  }
  RINGLOG_PERF_INLINE void disabled(int a, int b, double c) {
    LOG_DEBUG(logger_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void iteration(std::uint64_t i, int n, double d) {
    LOG_INFO(logger_, "Iteration: {} int: {} double: {}", i, n, d);
  }
  // Returns once the backend has written every queued record and flushed the sink.
  void finish() { logger_->flush_log(); }
  std::uint64_t records_on_disk() const { return count_lines_containing(file_, "Iteration: "); }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
  quill::Logger* logger_ = nullptr;
};

const bool kRegistered = register_adapter<Quill>();

}  // namespace
}  // namespace perf
