#include "peers/isolated_run.h"

#include <cstring>
#include <type_traits>
#include <vector>

#include "common/child_pipe.h"

namespace perf {
namespace {

// The samples travel as raw arrays: each vector's length, then its elements.
void append_array(std::string& out, const std::vector<std::uint64_t>& values) {
  const std::uint64_t n = values.size();
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(reinterpret_cast<const char*>(values.data()), n * sizeof(std::uint64_t));
}

std::vector<std::uint64_t> take_array(const std::string& in, std::size_t& at,
                                      const std::string& what) {
  std::uint64_t n = 0;
  if (in.size() - at < sizeof n) throw ChildFailed(what + ": truncated latency samples");
  std::memcpy(&n, in.data() + at, sizeof n);
  at += sizeof n;
  if ((in.size() - at) / sizeof(std::uint64_t) < n) {
    throw ChildFailed(what + ": truncated latency samples");
  }
  std::vector<std::uint64_t> values(n);
  std::memcpy(values.data(), in.data() + at, n * sizeof(std::uint64_t));
  at += n * sizeof(std::uint64_t);
  return values;
}

}  // namespace

LatencySamples latency_in_child(const PeerInfo& peer, const LatencyPlan& plan,
                                const PeerSetup& setup, const std::string& what) {
  const std::string bytes = run_in_child_returning(what, [&] {
    const LatencySamples samples = make_peer(peer)->latency(plan, setup);
    std::string out;
    append_array(out, samples.call_ticks);
    append_array(out, samples.empty_ticks);
    return out;
  });
  std::size_t at = 0;
  LatencySamples samples;
  samples.call_ticks = take_array(bytes, at, what);
  samples.empty_ticks = take_array(bytes, at, what);
  if (at != bytes.size()) throw ChildFailed(what + ": unexpected bytes after the samples");
  return samples;
}

ThroughputResult throughput_in_child(const PeerInfo& peer, std::uint64_t records,
                                     const PeerSetup& setup, const std::string& what) {
  // Sent as its bytes: parent and child are the same program.
  static_assert(std::is_trivially_copyable_v<ThroughputResult>);
  const std::string bytes = run_in_child_returning(what, [&] {
    const ThroughputResult result = make_peer(peer)->throughput(records, setup);
    return std::string(reinterpret_cast<const char*>(&result), sizeof result);
  });
  if (bytes.size() != sizeof(ThroughputResult)) {
    throw ChildFailed(what + ": the child's result has " + std::to_string(bytes.size()) +
                      " bytes, not " + std::to_string(sizeof(ThroughputResult)));
  }
  ThroughputResult result;
  std::memcpy(&result, bytes.data(), sizeof result);
  return result;
}

}  // namespace perf
