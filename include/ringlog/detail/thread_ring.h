// A producer thread's ring and what the backend needs to know about its thread.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "ringlog/detail/spsc_ring.h"

namespace ringlog::detail {

inline constexpr std::size_t kThreadNameMax = 32;

// A ring placed in a shared file mapping (Config::ring_dir); see src/shm/ring_store.h.
struct RingFile;

struct ThreadRing {
  explicit ThreadRing(std::size_t capacity) : ring(capacity) {}
  // Over a buffer in a ring file; `file` owns the mapping (destroy_thread_ring() unmaps it).
  ThreadRing(std::size_t capacity, std::byte* buffer, RingFile* ring_file) noexcept
      : ring(capacity, buffer), file(ring_file) {}

  SpscRing ring;
  // Records this thread discarded (drop policy, or no backend to wait for). Written only by the
  // producer; relaxed is enough because the backend only reports the number.
  std::atomic<std::uint64_t> dropped{0};
  // Set by the thread's exit hook; the backend frees the ring once it has drained it.
  std::atomic<bool> retired{false};
  // Set once the owner thread asked for a name change; the backend re-reads `name`.
  std::atomic<std::uint32_t> name_version{0};
  // Runtime::starts when this producer held its ring after a drop with no backend running;
  // meaningful while ring.producer_held(). Producer-only, like the ring's producer side.
  std::uint64_t held_since_start = 0;
  std::uint64_t os_thread_id = 0;
  std::uint32_t index = 0;  // ringlog's own thread number, unique for the process
  char name[kThreadNameMax] = {};
  RingFile* file = nullptr;  // null: private memory, freed with delete
};

// This thread's ring, or nullptr before its first log call / preallocate(). constinit keeps the
// access a single TLS load with no initialisation guard; initial-exec keeps it one even in code
// built with -fPIC (logging from a shared library), which would otherwise call __tls_get_addr
// on every log call. The cost: a library that holds this variable and is dlopen()ed uses the
// static TLS space glibc reserves for that (8 bytes of it).
#if defined(__PIC__) && !defined(__PIE__)
#define RINGLOG_TLS_MODEL_ [[gnu::tls_model("initial-exec")]]
#else
// An executable already gets local-exec, one instruction shorter than initial-exec.
#define RINGLOG_TLS_MODEL_
#endif
inline constinit thread_local ThreadRing* t_ring RINGLOG_TLS_MODEL_ = nullptr;

// Slow paths, out of line.
ThreadRing* create_thread_ring();
// Frees a ring the backend has drained: delete, or unmap and remove its ring file.
void destroy_thread_ring(ThreadRing* ring) noexcept;
// Called when `ring` has no room for `bytes`: applies the full policy. Returns the reserved span,
// or nullptr when the record was dropped (already counted).
std::byte* reserve_slow(ThreadRing& ring, std::size_t bytes) noexcept;

}  // namespace ringlog::detail
