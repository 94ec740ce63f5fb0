// One run of one peer, in a process of its own: the latency and throughput programs measure
// every (round, peer) this way. The child makes the peer (loading its module if it has one),
// runs it, sends the result back and exits, so no peer's threads or state outlive its run or run
// beside another peer's, and a module peer's library (NanoLog: a thread polling every 1 µs from
// static initialisation) is only ever loaded in the child measuring it. See perf/README.md.
#pragma once

#include <cstdint>
#include <string>

#include "peers/peer.h"

namespace perf {

// Peer::latency in a child. `what` names the run in errors ("nanolog, round 2, ..."). Throws
// ChildFailed (common/child_pipe.h) when the child fails; call from a single-threaded process.
LatencySamples latency_in_child(const PeerInfo& peer, const LatencyPlan& plan,
                                const PeerSetup& setup, const std::string& what);

// Peer::throughput in a child; the same contract.
ThroughputResult throughput_in_child(const PeerInfo& peer, std::uint64_t records,
                                     const PeerSetup& setup, const std::string& what);

}  // namespace perf
