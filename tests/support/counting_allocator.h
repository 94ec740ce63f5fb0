// Counts heap allocations per thread. Linking tests/support/counting_allocator.cpp into a test
// replaces global operator new and malloc with counting versions; a test then compares
// allocations_on_this_thread() before and after the code it checks. Per thread, so the
// backend's own (allowed) allocations do not count against a producer. The .cpp also brings a
// test case checking that the counter counts, so a zero-allocation check can fail.
#pragma once

#include <cstdint>

namespace ringlog::test {

std::uint64_t allocations_on_this_thread() noexcept;

}  // namespace ringlog::test
