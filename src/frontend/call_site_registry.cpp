// Call-site registration: once per (statement, logger), allocation-free for the first
// kFirstChunk sites so a thread's first call at a statement does not touch the heap.
#include <algorithm>
#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <type_traits>

#include "frontend/registries.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/logger.h"
#include "shm/ring_store.h"

namespace ringlog::detail {
namespace {

constexpr std::uint32_t kChunkBits = 12;
constexpr std::uint32_t kChunkSize = 1u << kChunkBits;  // sites per chunk
constexpr std::uint32_t kMaxChunks = 1024;              // 4M sites in all
constexpr std::size_t kStaticKeys = 1024;               // kv() keys stored without allocation

struct Registry {
  std::mutex mutex;
  std::array<CallSite, kChunkSize> first_chunk{};  // static storage: no allocation for it
  // Chunk pointers are written once, under the mutex, before any ID in them is published.
  std::array<std::atomic<CallSite*>, kMaxChunks> chunks{};
  std::atomic<std::uint32_t> count{0};
  // kv() keys of the registered sites (the views point at string literals); static storage
  // first, then heap blocks, all kept for the life of the process. Guarded by the mutex.
  std::array<std::string_view, kStaticKeys> key_pool{};
  std::size_t key_pool_used = 0;
};

// Constant-initialised and trivially destructible: usable before main and during exit.
constinit Registry g_registry{};
static_assert(std::is_trivially_destructible_v<Registry>);

Registry& registry() {
  return g_registry;
}

// Copies `keys` into storage that lives as long as the call sites. Caller holds the mutex.
const std::string_view* store_keys(Registry& r, std::span<const std::string_view> keys) {
  std::string_view* out;
  if (keys.size() <= kStaticKeys - r.key_pool_used) {
    out = r.key_pool.data() + r.key_pool_used;
    r.key_pool_used += keys.size();
  } else {
    out = new std::string_view[keys.size()];  // never freed: call sites are never removed
  }
  std::copy(keys.begin(), keys.end(), out);
  return out;
}

}  // namespace

std::uint32_t register_call_site(SiteSlot& slot, const SourceSite& source, const Logger& logger,
                                 std::string_view format, const ArgSignature& signature,
                                 std::span<const std::string_view> field_keys) {
  Registry& r = registry();
  std::lock_guard lock(r.mutex);
  const CallSite* found = slot.chain;
  while (found != nullptr && found->logger != &logger) found = found->next_for_source;
  if (found == nullptr) {
    const std::uint32_t id = r.count.load(std::memory_order_relaxed);
    const std::uint32_t chunk = id >> kChunkBits;
    if (chunk >= kMaxChunks) std::terminate();  // 4M distinct statements: a runaway program
    CallSite* base = r.chunks[chunk].load(std::memory_order_relaxed);
    if (base == nullptr) {
      base = chunk == 0 ? r.first_chunk.data() : new CallSite[kChunkSize];
      r.chunks[chunk].store(base, std::memory_order_release);
    }
    CallSite& site = base[id & (kChunkSize - 1)];
    site = CallSite{id,          source.level,    source.line, &logger, logger.name(),
                    source.file, source.function, format,      nullptr, 0,
                    slot.chain};
    site.set_signature(signature);
    if (!field_keys.empty()) {
      // Every logger at a statement logs the same keys: share the first site's copy.
      site.field_keys = slot.chain != nullptr ? slot.chain->field_keys : store_keys(r, field_keys);
      site.field_count = static_cast<std::uint32_t>(field_keys.size());
    }
    slot.chain = &site;
    // Release publishes the filled CallSite to find_call_site() readers that load the count.
    r.count.store(id + 1, std::memory_order_release);
    store_call_site(site);  // Config::ring_dir: before any record of the site can be committed
    found = &site;
  }
  // Release pairs with the acquire in log_call(): a thread that reads this ID sees the CallSite.
  slot.cached.store(slot_value(logger.id(), found->id), std::memory_order_release);
  return found->id;
}

std::mutex& call_site_registry_mutex() noexcept {
  return registry().mutex;
}

const CallSite* find_call_site(std::uint32_t id) noexcept {
  Registry& r = registry();
  // Acquire pairs with the release of count: every site below it is fully written.
  if (id >= r.count.load(std::memory_order_acquire)) return nullptr;
  return &r.chunks[id >> kChunkBits].load(std::memory_order_relaxed)[id & (kChunkSize - 1)];
}

std::uint32_t call_site_count() noexcept {
  return registry().count.load(std::memory_order_acquire);
}

}  // namespace ringlog::detail
