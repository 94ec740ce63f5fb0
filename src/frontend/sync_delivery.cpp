// Synchronous loggers: the record is encoded exactly as for the ring, then formatted and written
// in the caller's thread under the sinks' lock, through the same sinks and layout.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "context/thread_context.h"
#include "core/runtime.h"
#include "ringlog/detail/log_call.h"

namespace ringlog::detail {
namespace {

struct SyncThread {
  SyncThread() {
    ThreadRing* ring = t_ring;
    if (ring != nullptr) {
      info.index = ring->index;
      name = ring->name;
    } else {
      info.index = runtime().next_thread_index.fetch_add(1, std::memory_order_relaxed);
      char buf[kThreadNameMax] = {};
      pthread_getname_np(pthread_self(), buf, sizeof buf);
      name = buf;
    }
    info.os_id = static_cast<std::uint64_t>(::syscall(SYS_gettid));
    if (name.empty()) name = std::to_string(info.os_id);
    info.name = name;
  }
  ThreadInfo info{};
  std::string name;
};

}  // namespace

std::byte* sync_scratch(std::size_t bytes) noexcept {
  thread_local std::vector<std::byte> scratch;
  if (scratch.size() < bytes) scratch.resize(bytes);
  return scratch.data();
}

void deliver_sync(const std::byte* record, std::size_t size) noexcept {
  thread_local SyncThread thread;
  RecordHeader header;
  std::memcpy(&header, record, sizeof header);
  const CallSite* site = find_call_site(header.site_id);
  Runtime& rt = runtime();
  std::lock_guard lock(rt.sinks_mutex);
  if (site == nullptr || !rt.running.load(std::memory_order_acquire)) {
    rt.dropped_reported.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const LogEvent event(*site, thread.info, header.ticks, realtime_ns(),
                       {record + sizeof header, size - sizeof header}, current_context_fields());
  for (std::size_t i = 0; i < rt.sinks.size(); ++i) {
    Sink& sink = *rt.sinks[i];
    if (event.level() < sink.level()) continue;
    guarded_sink_call(rt.sink_faults, sink, i, SinkFaults::Call::write, [&] { sink.write(event); });
    guarded_sink_call(rt.sink_faults, sink, i, SinkFaults::Call::flush, [&] { sink.flush(); });
  }
  rt.written.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace ringlog::detail
