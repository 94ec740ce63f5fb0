// Rings that outlive the process (Config::ring_dir): each producer thread's ring lives in a file
// under <ring_dir>/<program>.<pid>/, mapped shared, next to what a reader needs to decode what
// the rings still hold after a kill (process identity, clock, text layout, call sites). See
// docs/reliability.md and recovery/ for the reader. Everything here is a slow path: start(),
// stop(), a thread's first record, a call site's registration, the backend's re-anchoring.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ringlog/clock_anchor.h"
#include "ringlog/config.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/detail/thread_ring.h"

namespace ringlog::detail {

// What unmaps and removes one ring file.
struct RingFile {
  void* base = nullptr;
  std::size_t bytes = 0;
  std::string path;
};

// start(): creates <config.ring_dir>/<program>.<pid>/ (0700) with its process and sites files.
// Returns false, having reported why through report_error(), when it cannot: rings then stay in
// private memory. Call with the call-site registry locked, then store_call_site() for every
// site registered so far.
bool open_ring_store(const Config& config, const ClockAnchor& anchor);
// A clean stop(): removes the directory. Rings still mapped stay usable (as private memory).
void close_ring_store();
// True between open_ring_store() and close_ring_store(). Free (one relaxed load).
bool ring_store_open() noexcept;
// The directory of this process, or empty when closed.
std::string ring_store_directory();

// A thread's ring in a new file of the open store, or nullptr (store closed, or the file could
// not be made: reported once, e.g. /dev/shm full) so the caller falls back to private memory.
ThreadRing* create_ring_in_store(std::size_t capacity);
// Unmaps and removes the ring's file (ring->file must be set).
void destroy_ring_file(ThreadRing* ring) noexcept;
// Appends a site's definition to the sites file. Call with the call-site registry locked.
void store_call_site(const CallSite& site);
// Writes the clock anchor into the process file (the backend, after re-anchoring).
void store_clock(const ClockAnchor& anchor) noexcept;
// Copies the thread's identity (set after create_ring_in_store()) into the file's header and
// marks the file ready; a file without the mark is one its process died creating.
void seal_ring_file(ThreadRing& ring) noexcept;
// The producer thread records its new name in its ring file's header.
void store_thread_name(ThreadRing& ring, std::string_view name) noexcept;
// In a forked child: forgets the parent's store without touching its files; the child's rings
// are private memory until it calls start() again.
void forget_ring_store_in_child() noexcept;

}  // namespace ringlog::detail
