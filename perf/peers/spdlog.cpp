// Peers: spdlog (Debian's libspdlog-dev, used header-only so it is compiled with the same flags
// as ringlog's hot path) asynchronous (its thread pool, default queue of 8192 slots, block on
// overflow) and synchronous, both to basic_file_sink_mt with a layout equivalent to ringlog's
// default (date time.ns level [thread] logger file:line message).
//
// Note on "sync": spdlog's file sink writes through a stdio buffer and only flushes it when
// asked, so a spdlog sync call usually ends without a system call; ringlog's sync mode makes
// one write(2) per record. Both are reported as they are.
#define SPDLOG_ACTIVE_LEVEL SPDLOG_LEVEL_TRACE  // the disabled-level call is filtered at run time

#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include "peers/adapter.h"

namespace perf {
namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%F %l [%t] %n %s:%# %v";

struct Async {
  static constexpr std::string_view kKey = "spdlog_async";
  static constexpr std::string_view kName = "spdlog async";
  static constexpr bool kAsync = true;
};
struct Sync {
  static constexpr std::string_view kKey = "spdlog_sync";
  static constexpr std::string_view kName = "spdlog sync";
  static constexpr bool kAsync = false;
};

template <class Variant>
class Spdlog {
 public:
  static constexpr std::string_view kKey = Variant::kKey;
  static constexpr std::string_view kName = Variant::kName;
  static constexpr bool kInLatency = true;

  explicit Spdlog(const PeerSetup& setup) : file_(setup.dir / (std::string(kKey) + ".log")) {
    auto sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(file_.string(), true);
    if constexpr (Variant::kAsync) {
      pool_ = std::make_shared<spdlog::details::thread_pool>(setup.queue_slots, 1);
      logger_ = std::make_shared<spdlog::async_logger>("bench", std::move(sink), pool_,
                                                       spdlog::async_overflow_policy::block);
    } else {
      logger_ = std::make_shared<spdlog::logger>("bench", std::move(sink));
    }
    logger_->set_pattern(kPattern);
    logger_->set_level(spdlog::level::info);
  }
  ~Spdlog() { finish(); }
  Spdlog(const Spdlog&) = delete;
  Spdlog& operator=(const Spdlog&) = delete;

  void prepare_thread() {}
  RINGLOG_PERF_INLINE void three_numbers(int a, int b, double c) {
    SPDLOG_LOGGER_INFO(logger_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void one_string(const std::string& s) {
    SPDLOG_LOGGER_INFO(logger_, "Logging str: {}", s);
  }
  RINGLOG_PERF_INLINE void many_args(const ManyArgs& m) {
    SPDLOG_LOGGER_INFO(
        logger_, "order {} side {} px {} qty {} venue {} seq {} ts {} flags {} test {}", m.order_id,
        m.side, m.price, m.quantity, m.venue, m.sequence, m.timestamp, m.flags, m.is_test);
  }
  RINGLOG_PERF_INLINE void disabled(int a, int b, double c) {
    SPDLOG_LOGGER_DEBUG(logger_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void iteration(std::uint64_t i, int n, double d) {
    SPDLOG_LOGGER_INFO(logger_, "Iteration: {} int: {} double: {}", i, n, d);
  }
  // spdlog's async flush() only queues a flush request; the file is complete once the pool's
  // worker has processed everything and the last reference to the sink is gone (file closed).
  void finish() {
    if (!logger_) return;
    logger_->flush();
    logger_.reset();
    pool_.reset();  // joins the worker after it has drained the queue
  }
  std::uint64_t records_on_disk() const { return count_lines(file_); }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> logger_;
};

const bool kRegisteredAsync = register_adapter<Spdlog<Async>>();
const bool kRegisteredSync = register_adapter<Spdlog<Sync>>();

}  // namespace
}  // namespace perf
