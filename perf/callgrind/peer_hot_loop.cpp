// One peer's log calls in isolation, for counting their instructions under callgrind beside
// ringlog's (perf/callgrind/peer_instructions.py):
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*perf_counted_calls*'
//            ringlog-perf-peer-hot-loop <peer> <shape> <calls> <dir>
// Every peer goes through its perf/peers adapter (the latency program's calls), built without
// -march=native so valgrind can run it. Only the calling thread's calls are counted: the peers'
// backend threads are not. One process per peer (the script runs it once per peer and count), and
// NanoLog's module is loaded only when NanoLog is counted.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "peers/peer.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fputs("usage: ringlog-perf-peer-hot-loop <peer> <shape> <calls> <dir>\n", stderr);
    return 2;
  }
  try {
    const perf::PeerInfo* peer = perf::select_peers({argv[1]}).at(0);
    const std::string_view key = argv[2];
    for (perf::Shape shape : perf::kAllShapes) {
      if (perf::shape_key(shape) != key) continue;
      perf::PeerSetup setup;
      setup.dir = argv[4];
      perf::make_peer(*peer)->counted_calls(shape, std::strtoull(argv[3], nullptr, 10), setup);
      return 0;
    }
    std::fprintf(stderr, "unknown shape '%s'\n", argv[2]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ringlog-perf-peer-hot-loop: %s\n", e.what());
  }
  return 1;
}
