// The ringlog adapter, shared by the text and binary sink peers. A Variant supplies kKey, kName,
// kMode, kInLatency, kExtension, make_sink(path) and count_records(path).
#pragma once

#include <chrono>
#include <cstdlib>

#include <ringlog/ringlog.h>

#include <string>

#include "peers/adapter.h"

namespace perf {

template <class Variant>
class Ringlog {
 public:
  static constexpr std::string_view kKey = Variant::kKey;
  static constexpr std::string_view kName = Variant::kName;
  static constexpr bool kInLatency = Variant::kInLatency;

  explicit Ringlog(const PeerSetup& setup)
      : file_(setup.dir / (std::string(kKey) + Variant::kExtension)),
        log_(ringlog::get_logger("bench")) {
    ringlog::Config cfg;
    cfg.queue_bytes = setup.ring_bytes;
    cfg.full_policy = ringlog::FullPolicy::block;
    if (setup.batch_size != 0) cfg.batch_size = setup.batch_size;
    // Rings in shared files (Config::ring_dir), to measure their cost against the default.
    if (const char* dir = std::getenv("RINGLOG_PERF_RING_DIR")) cfg.ring_dir = dir;
    // Backend pacing, to compare settings in the same harness (tails with 2 producers on 2 CPUs).
    if (const char* us = std::getenv("RINGLOG_PERF_IDLE_SLEEP_US")) {
      cfg.idle_sleep = std::chrono::microseconds{std::atoll(us)};
    }
    if (const char* us = std::getenv("RINGLOG_PERF_REORDER_US")) {
      cfg.reorder_window = std::chrono::microseconds{std::atoll(us)};
    }
    ringlog::start(cfg, {Variant::make_sink(file_.string())});
    log_.set_mode(Variant::kMode);
    log_.set_level(ringlog::Level::info);
  }
  ~Ringlog() { ringlog::stop(); }
  Ringlog(const Ringlog&) = delete;
  Ringlog& operator=(const Ringlog&) = delete;

  void prepare_thread() { ringlog::preallocate(); }
  RINGLOG_PERF_INLINE void three_numbers(int a, int b, double c) {
    RLOG_INFO(log_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void one_string(const std::string& s) {
    RLOG_INFO(log_, "Logging str: {}", s);
  }
  RINGLOG_PERF_INLINE void many_args(const ManyArgs& m) {
    RLOG_INFO(log_, "order {} side {} px {} qty {} venue {} seq {} ts {} flags {} test {}",
              m.order_id, m.side, m.price, m.quantity, m.venue, m.sequence, m.timestamp, m.flags,
              m.is_test);
  }
  RINGLOG_PERF_INLINE void disabled(int a, int b, double c) {
    RLOG_DEBUG(log_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void iteration(std::uint64_t i, int n, double d) {
    RLOG_INFO(log_, "Iteration: {} int: {} double: {}", i, n, d);
  }
  void finish() { ringlog::flush(); }
  std::uint64_t records_on_disk() const { return Variant::count_records(file_); }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
  ringlog::Logger& log_;
};

}  // namespace perf
