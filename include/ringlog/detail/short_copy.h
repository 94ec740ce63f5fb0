// The byte copy of a string argument into its record, inline for the lengths log calls mostly
// carry.
//
// std::memcpy with a length known only at run time is a call into libc (through the PLT and an
// ifunc-selected routine): about 15 instructions and an indirect jump on every log call with a
// string. Up to 64 bytes, the same job is done here by fixed-size moves covering both ends of the
// range, which may overlap in the middle; only longer strings call memcpy.
#pragma once

#include <cstddef>
#include <cstring>

#include "ringlog/detail/always_inline.h"

namespace ringlog::detail {

// Copies [src, src + W) and [src + n - W, src + n), which cover [src, src + n) for
// W <= n <= 2 W. Both loads come before both stores, so the two halves can overlap.
template <std::size_t W>
RINGLOG_ALWAYS_INLINE void copy_both_ends(std::byte* dst, const char* src, std::size_t n) noexcept {
  unsigned char head[W], tail[W];
  std::memcpy(head, src, W);
  std::memcpy(tail, src + n - W, W);
  std::memcpy(dst, head, W);
  std::memcpy(dst + n - W, tail, W);
}

// Copies n bytes from src to dst (the two do not overlap). Reads and writes nothing outside
// [src, src + n) and [dst, dst + n). No call for n <= 64.
RINGLOG_ALWAYS_INLINE void copy_string_bytes(std::byte* dst, const char* src,
                                             std::size_t n) noexcept {
  if (__builtin_constant_p(n)) {
    // A length known at compile time (a literal): the compiler's own memcpy expansion is best,
    // down to immediates folded into the record's stores.
    if (n != 0) std::memcpy(dst, src, n);  // an empty view's data() may be null
    return;
  }
#if defined(__GNUC__) || defined(__clang__)
  // GCC follows `src` and `dst` back to the caller's objects and warns (-Warray-bounds) on the
  // branches below for lengths those objects cannot have, dead at run time; hiding where the
  // pointers came from stops that, and costs no instruction.
  asm("" : "+r"(src), "+r"(dst));
#endif
  // Longest first: two compares reach the common 33-64 and 17-32 cases.
  if (n > 64) [[unlikely]] {
    std::memcpy(dst, src, n);
  } else if (n > 32) {
    // Four 16-byte moves, each a register: a 32-byte temporary would go through the stack
    // without AVX.
    unsigned char a[16], b[16], c[16], d[16];
    std::memcpy(a, src, 16);
    std::memcpy(b, src + 16, 16);
    std::memcpy(c, src + n - 32, 16);
    std::memcpy(d, src + n - 16, 16);
    std::memcpy(dst, a, 16);
    std::memcpy(dst + 16, b, 16);
    std::memcpy(dst + n - 32, c, 16);
    std::memcpy(dst + n - 16, d, 16);
  } else if (n >= 16) {
    copy_both_ends<16>(dst, src, n);
  } else if (n >= 8) {
    copy_both_ends<8>(dst, src, n);
  } else if (n >= 4) {
    copy_both_ends<4>(dst, src, n);
  } else if (n != 0) {
    // 1 to 3 bytes: first, middle and last cover them all.
    const char first = src[0], middle = src[n / 2], last = src[n - 1];
    dst[0] = static_cast<std::byte>(first);
    dst[n / 2] = static_cast<std::byte>(middle);
    dst[n - 1] = static_cast<std::byte>(last);
  }
}

}  // namespace ringlog::detail
