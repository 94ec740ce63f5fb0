// Exceptions thrown by sinks: the first failure of a run is reported, the rest are counted, and
// the recovery (or the failure still going on at stop) is reported with the count.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>
#include <vector>

#include "ringlog/sinks.h"

namespace ringlog::detail {

// Guarded by Runtime::sinks_mutex, like the sinks themselves.
class SinkFaults {
 public:
  enum class Call { write, flush };

  // `sink` (number `index` in the sink list) threw `what` from `call`.
  void failed(const Sink* sink, std::size_t index, Call call, std::string_view what) noexcept;
  // `call` on `sink` returned normally. Costs one branch while no sink is failing.
  void succeeded(const Sink* sink, Call call) {
    if (!failing_.empty()) [[unlikely]]
      recovered(sink, call);
  }
  // Reports every sink that is still failing, with its count, and forgets them (stop()).
  void report_still_failing() noexcept;

 private:
  // A run of failures of one call of one sink (a sink whose flush always throws must not
  // look recovered each time its write works).
  struct Run {
    const Sink* sink;
    Call call;
    std::size_t index;
    std::uint64_t failures;
  };
  void recovered(const Sink* sink, Call call) noexcept;

  std::vector<Run> failing_;
};

// Runs `fn` (one call on `sink`, number `index` in the sink list); an exception it throws is
// reported through `faults` instead of escaping.
template <typename Fn>
void guarded_sink_call(SinkFaults& faults, const Sink& sink, std::size_t index,
                       SinkFaults::Call call, Fn&& fn) noexcept {
  try {
    fn();
    faults.succeeded(&sink, call);
  } catch (const std::exception& e) {
    faults.failed(&sink, index, call, e.what());
  } catch (...) {
    faults.failed(&sink, index, call, "an exception not derived from std::exception");
  }
}

}  // namespace ringlog::detail
