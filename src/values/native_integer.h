// An integer argument's native bytes (1, 2, 4 or 8, as the record holds them) widened to 64
// bits: the one load shared by the text line program (format/) and the binary writer's compact
// coding (codec/), so the two cannot disagree on a width or on sign extension.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ringlog::detail {

template <typename T>
std::uint64_t load_widened(const std::byte* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof v);  // fixed size: one load, no store-forwarding stall
  return static_cast<std::uint64_t>(v);
}

// The `width`-byte native integer at `p`, sign-extended when `is_signed` (so a signed value
// reads back with static_cast<std::int64_t>), zero-extended otherwise. Any width other than
// 1, 2 or 4 is read as 8 bytes.
inline std::uint64_t load_integer(const std::byte* p, std::size_t width, bool is_signed) noexcept {
  switch (width) {
    case 1:
      return is_signed ? load_widened<std::int8_t>(p) : load_widened<std::uint8_t>(p);
    case 2:
      return is_signed ? load_widened<std::int16_t>(p) : load_widened<std::uint16_t>(p);
    case 4:
      return is_signed ? load_widened<std::int32_t>(p) : load_widened<std::uint32_t>(p);
    default:
      return load_widened<std::uint64_t>(p);
  }
}

}  // namespace ringlog::detail
