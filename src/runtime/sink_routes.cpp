#include "runtime/sink_routes.h"

#include <algorithm>

namespace ringlog::detail {

void SinkRoutes::set_global(std::vector<SinkPtr> sinks) {
  global_ = std::move(sinks);
  rebuild();
}

void SinkRoutes::clear_global() {
  global_.clear();
  rebuild();
}

void SinkRoutes::add(std::uint32_t logger_id, std::vector<SinkPtr> sinks, bool with_global) {
  if (own_.size() <= logger_id) own_.resize(logger_id + 1);
  Route& route = own_[logger_id];
  route.own = std::move(sinks);
  route.with_global = with_global;
  route.has_route = true;
  rebuild();
}

bool SinkRoutes::same_route(std::uint32_t logger_id, const std::vector<SinkPtr>& sinks,
                            bool with_global) const {
  if (logger_id >= own_.size() || !own_[logger_id].has_route) return false;
  const Route& route = own_[logger_id];
  return route.with_global == with_global && route.own == sinks;
}

std::vector<SinkPtr> SinkRoutes::remove(std::uint32_t logger_id) {
  if (own_.size() <= logger_id) own_.resize(logger_id + 1);
  Route& route = own_[logger_id];
  std::vector<SinkPtr> dropped = std::move(route.own);
  route = Route{};
  route.has_route = true;  // an empty route: records met after the removal go nowhere
  rebuild();
  std::erase_if(dropped, [this](const SinkPtr& s) { return in_use(s.get()); });
  return dropped;
}

bool SinkRoutes::in_use(const Sink* sink) const noexcept {
  return std::any_of(all_.begin(), all_.end(), [&](const SinkTarget& t) { return t.sink == sink; });
}

void SinkRoutes::abandon() {
  // Placement-new over the vectors: a sink may have been mid-call in the parent, so not even
  // the shared_ptr destructors may run.
  new (&global_) std::vector<SinkPtr>();
  new (&own_) std::vector<Route>();
  global_targets_.clear();
  global_takes_runs_ = false;
  any_takes_runs_ = false;
  all_.clear();
}

void SinkRoutes::add_target(std::vector<SinkTarget>& targets, Sink* sink) const {
  const bool listed = std::any_of(targets.begin(), targets.end(),
                                  [&](const SinkTarget& t) { return t.sink == sink; });
  if (listed) return;
  const auto numbered =
      std::find_if(all_.begin(), all_.end(), [&](const SinkTarget& t) { return t.sink == sink; });
  auto* runs = dynamic_cast<RunSink*>(sink);
  if (runs != nullptr && !runs->takes_runs()) runs = nullptr;
  targets.push_back({sink, numbered != all_.end() ? numbered->index : all_.size(), runs});
}

bool SinkRoutes::all_take_runs(std::span<const SinkTarget> targets) noexcept {
  // An empty route takes runs too: nothing to write, as with one LogEvent per record.
  return std::all_of(targets.begin(), targets.end(),
                     [](const SinkTarget& t) { return t.runs != nullptr; });
}

void SinkRoutes::rebuild() {
  all_.clear();
  global_targets_.clear();
  for (const SinkPtr& s : global_) add_target(all_, s.get());
  global_targets_ = all_;
  global_takes_runs_ = all_take_runs(global_targets_);
  for (const Route& route : own_) {
    for (const SinkPtr& s : route.own) add_target(all_, s.get());
  }
  for (Route& route : own_) {
    route.targets.clear();
    if (route.with_global) route.targets = global_targets_;
    for (const SinkPtr& s : route.own) add_target(route.targets, s.get());
    route.takes_runs = all_take_runs(route.targets);
  }
  // A route with no sink "takes runs" trivially; only one with a sink makes runs worth looking
  // for.
  any_takes_runs_ = (global_takes_runs_ && !global_targets_.empty()) ||
                    std::any_of(own_.begin(), own_.end(), [](const Route& r) {
                      return r.has_route && r.takes_runs && !r.targets.empty();
                    });
}

}  // namespace ringlog::detail
