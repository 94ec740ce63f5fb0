#include "frontend/ring_files.h"

#include <mutex>

#include "frontend/registries.h"
#include "ringlog/detail/call_site.h"
#include "shm/ring_store.h"

namespace ringlog::detail {

bool open_ring_files(const Config& config, const ClockAnchor& anchor) {
  std::lock_guard lock(call_site_registry_mutex());
  if (!open_ring_store(config, anchor)) return false;
  const std::uint32_t count = call_site_count();
  for (std::uint32_t id = 0; id < count; ++id) {
    if (const CallSite* site = find_call_site(id)) store_call_site(*site);
  }
  return true;
}

}  // namespace ringlog::detail
