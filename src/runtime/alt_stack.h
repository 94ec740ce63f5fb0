// Alternate signal stacks, so the crash handler runs even when a thread overflowed its stack.
#pragma once

namespace ringlog::detail {

// Gives the calling thread an alternate signal stack unless it has one already (set by the
// program or a sanitizer). Freed at thread exit. Best effort: a failed mmap leaves none.
void ensure_alt_stack() noexcept;

// From now on, every thread that creates its ring also gets an alternate signal stack.
void enable_alt_stacks_for_new_threads() noexcept;
// Called by create_thread_ring(): one relaxed load unless alternate stacks are enabled.
void on_thread_ring_created() noexcept;

}  // namespace ringlog::detail
