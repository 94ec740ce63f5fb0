#include "runtime/sink_faults.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/runtime.h"

namespace ringlog::detail {
namespace {

std::string_view call_name(SinkFaults::Call call) {
  return call == SinkFaults::Call::write ? "write" : "flush";
}

}  // namespace

void SinkFaults::failed(const Sink* sink, std::size_t index, Call call,
                        std::string_view what) noexcept {
  runtime().counters.sink_errors.fetch_add(1, std::memory_order_relaxed);
  for (Run& run : failing_) {
    if (run.sink == sink && run.call == call) {
      ++run.failures;
      return;
    }
  }
  try {
    failing_.push_back({sink, call, index, 1});
    report_error(
        fmt::format("sink #{} threw from {}(): {} (further failures are counted, not "
                    "repeated; the other sinks keep receiving)",
                    index, call_name(call), what));
  } catch (...) {
    // Out of memory while reporting: the failure is still counted in stats().sink_errors.
  }
}

void SinkFaults::recovered(const Sink* sink, Call call) noexcept {
  const auto it = std::find_if(failing_.begin(), failing_.end(), [&](const Run& run) {
    return run.sink == sink && run.call == call;
  });
  if (it == failing_.end()) return;
  const Run run = *it;
  failing_.erase(it);
  try {
    report_error(fmt::format("sink #{} {}() works again after {} failed calls", run.index,
                             call_name(call), run.failures));
  } catch (...) {
    // Out of memory: the recovery simply goes unreported.
  }
}

void SinkFaults::report_still_failing() noexcept {
  for (const Run& run : failing_) {
    try {
      report_error(fmt::format("sink #{} {}() was still failing at stop: {} failed calls",
                               run.index, call_name(run.call), run.failures));
    } catch (...) {
      // Out of memory: nothing more to do at stop.
    }
  }
  failing_.clear();
}

}  // namespace ringlog::detail
