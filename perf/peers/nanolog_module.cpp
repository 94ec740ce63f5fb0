// Tells the latency and throughput programs (and the callgrind peer count) that NanoLog is a
// peer, without linking NanoLog: its adapter and runtime are the module at
// RINGLOG_PERF_NANOLOG_MODULE (nanolog.cpp, built by peers/meson.build), which only the child
// process measuring NanoLog loads. The key, name and in-latency flag are nanolog.cpp's.
#include "peers/peer.h"

namespace perf {
namespace {

const bool kRegistered = register_module_peer(
    PeerInfo{"nanolog", "NanoLog", true, nullptr, RINGLOG_PERF_NANOLOG_MODULE});

}  // namespace
}  // namespace perf
