// Synchronous loggers: the record is encoded exactly as for the ring, then formatted and written
// in the caller's thread under the sinks' lock, through the same sinks and layout.
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "context/thread_context.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/logger.h"
#include "runtime/runtime.h"
#include "runtime/sink_calls.h"

namespace ringlog::detail {
namespace {

struct SyncThread {
  SyncThread() {
    ThreadRing* ring = t_ring;
    if (ring != nullptr) {
      info.index = ring->index;
      name = ring->name;
    } else {
      info.index = runtime().new_rings.next_thread_index.fetch_add(1, std::memory_order_relaxed);
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
  std::lock_guard lock(rt.sinks.mutex);
  if (site == nullptr || !rt.gate.running.load(std::memory_order_acquire)) {
    rt.counters.dropped_reported.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // Below the logger's level only while a backtrace lets it through should_log(): a
  // synchronous logger keeps no backtrace (logger.h), so it is filtered here, unformatted.
  if (site->level < site->logger->level()) return;
  const LogEvent event(*site, thread.info, header.ticks, realtime_ns(),
                       {record + sizeof header, size - sizeof header}, current_context_fields());
  // The same routing as the backend's: the logger's own sinks, or the global ones.
  const auto targets = rt.sinks.routes.targets(site->logger->id());
  write_to_targets(rt.sinks, targets, event);
  flush_targets(rt.sinks, targets);  // synchronous: on its way to the OS when the call returns
  rt.counters.written.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace ringlog::detail
