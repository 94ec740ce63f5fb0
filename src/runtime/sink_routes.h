// Which sinks each logger's records go to: the global sinks given to start(), or the logger's own
// (get_logger(name, sinks)), optionally plus the global ones. A record's route is found by its
// logger ID in a vector: O(1) however many loggers exist. Each route lists every sink once, so a
// sink shared by several loggers, or by a logger and the global list, is written once per record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "delivery/record_run.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

// A sink as the calls see it, with its number for reports ("sink #index": the global sinks first,
// in start()'s order, then the loggers' own in the order they were added).
// `runs`: the sink as a RunSink when it takes runs (found once, when the routes are built).
struct SinkTarget {
  Sink* sink;
  std::size_t index;
  RunSink* runs = nullptr;
};

// Guarded by SinkSet::mutex, like the sinks themselves.
class SinkRoutes {
 public:
  // The sinks records of logger `logger_id` go to. Cost: a compare and a load or two.
  std::span<const SinkTarget> targets(std::uint32_t logger_id) const noexcept {
    if (logger_id < own_.size() && own_[logger_id].has_route) [[unlikely]] {
      return own_[logger_id].targets;
    }
    return global_targets_;
  }
  // True when every sink of logger `logger_id`'s route takes runs of raw records (RunSink), so
  // the backend may hand them runs instead of one LogEvent per record. Same cost as targets().
  bool takes_runs(std::uint32_t logger_id) const noexcept {
    if (logger_id < own_.size() && own_[logger_id].has_route) [[unlikely]] {
      return own_[logger_id].takes_runs;
    }
    return global_takes_runs_;
  }
  // True when some route takes runs: while none does, the backend does not look for runs.
  bool any_takes_runs() const noexcept { return any_takes_runs_; }
  // Every sink of every route once (flush, close).
  std::span<const SinkTarget> all() const noexcept { return all_; }

  // The global sinks (start()); clear_global() at stop(). The loggers' own routes stay.
  void set_global(std::vector<SinkPtr> sinks);
  void clear_global();
  const std::vector<SinkPtr>& global() const noexcept { return global_; }

  // Logger `logger_id` writes to `sinks` (and the global sinks when `with_global`) from now on.
  void add(std::uint32_t logger_id, std::vector<SinkPtr> sinks, bool with_global);
  // True when logger `logger_id` was added with exactly these sinks and this choice.
  bool same_route(std::uint32_t logger_id, const std::vector<SinkPtr>& sinks,
                  bool with_global) const;
  // Logger `logger_id` writes nowhere from now on. Returns the sinks no route uses any more,
  // for the caller to flush and close.
  std::vector<SinkPtr> remove(std::uint32_t logger_id);
  // True when `sink` is in some route (so it is open while the sinks are).
  bool in_use(const Sink* sink) const noexcept;
  // Forgets everything without closing anything (a forked child abandoning its sinks).
  void abandon();

 private:
  struct Route {
    std::vector<SinkPtr> own;
    bool with_global = false;
    bool has_route = false;  // false: the logger uses the global sinks
    std::vector<SinkTarget> targets;
    bool takes_runs = false;
  };
  void rebuild();
  void add_target(std::vector<SinkTarget>& targets, Sink* sink) const;
  static bool all_take_runs(std::span<const SinkTarget> targets) noexcept;

  std::vector<SinkPtr> global_;
  std::vector<SinkTarget> global_targets_;
  bool global_takes_runs_ = false;
  bool any_takes_runs_ = false;
  std::vector<Route> own_;  // by logger ID
  std::vector<SinkTarget> all_;
};

}  // namespace ringlog::detail
