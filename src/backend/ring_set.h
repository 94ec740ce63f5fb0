// The backend's view of the producer threads: each adopted ring plus what the backend has learnt
// about its thread. Rings outlive a stop()/start() cycle, so the set is one per process.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "context/received_context.h"
#include "ringlog/detail/thread_ring.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

struct RingState {
  explicit RingState(ThreadRing* r) : ring(r), name(r->name) {
    info = ThreadInfo{r->index, r->os_thread_id, name};
  }
  void rename(std::string_view new_name) {
    name.assign(new_name);
    info.name = name;
  }

  ThreadRing* ring;
  std::string name;
  ThreadInfo info;
  std::uint64_t drops_reported = 0;
  std::uint64_t flush_target = 0;  // consumer position a pending flush must reach
  ReceivedContext context;         // the thread's ringlog::Context, attached to its records
};

using RingSet = std::vector<std::unique_ptr<RingState>>;

// Every adopted ring. Touched only by the backend thread while one runs, else under
// Runtime::lifecycle (start, stop, the fork hooks).
RingSet& ring_set();

}  // namespace ringlog::detail
