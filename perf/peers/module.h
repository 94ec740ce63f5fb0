// A peer built as a loadable module instead of linked into the programs (peers/meson.build).
// Its adapter file ends with RINGLOG_PERF_MODULE_ADAPTER(A) instead of register_adapter<A>():
// the module then exports one C function that makes the peer, which make_peer() looks up after
// loading the module in the child process that measures it (peers/isolated_run.h). The program
// knows the peer's key and name beforehand from register_module_peer() (e.g. nanolog_module.cpp).
#pragma once

#include "peers/peer.h"

namespace perf {

// The name of the module's entry point: `perf::Peer* ringlog_perf_module_make_peer()`, a new
// peer the caller owns.
inline constexpr const char* kModuleEntry = "ringlog_perf_module_make_peer";

}  // namespace perf

// Use at global scope, after the adapter class A.
#define RINGLOG_PERF_MODULE_ADAPTER(A)                                                    \
  extern "C" [[gnu::visibility("default")]] perf::Peer* ringlog_perf_module_make_peer() { \
    return new perf::AdaptedPeer<A>();                                                    \
  }
