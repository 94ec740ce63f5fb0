// A 64-bit store the compiler keeps as one general-register store.
//
// GCC 12 vectorises neighbouring stores at -O2: the two header words of a record (the {size, site}
// word and the TSC ticks) become vmovq + vpinsrq + one 16-byte store. That is four µops instead
// of two, and it puts a general-to-vector register transfer (a few cycles) on the path from rdtsc
// to the end of the call: the TSC read is the slowest step of the call, so its value should go
// straight to memory. An asm store is opaque to the vectoriser.
#pragma once

#include <cstdint>
#include <cstring>

#include "ringlog/detail/always_inline.h"

namespace ringlog::detail {

// Stores `value` at `out` (any alignment) as one scalar store where the target has one.
RINGLOG_ALWAYS_INLINE void store_u64_scalar(void* out, std::uint64_t value) noexcept {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  // The "=m" operand tells the compiler exactly which 8 bytes change, so it still orders this
  // store against the record's other stores and the release store that publishes them.
  struct Word {
    std::uint64_t bits;
  };
  asm("movq %1, %0" : "=m"(*static_cast<Word*>(out)) : "r"(value));
#else
  std::memcpy(out, &value, sizeof value);
#endif
}

}  // namespace ringlog::detail
