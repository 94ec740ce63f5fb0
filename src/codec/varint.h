// Little-endian building blocks of the binary log: LEB128 varints, zigzag for signed values,
// fixed-width integers, and a bounds-checked reader that never reads past its input.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ringlog::detail {

static_assert(std::endian::native == std::endian::little,
              "the binary log codec copies integers as little-endian bytes");

// Most bytes one varint of a 64-bit value takes.
inline constexpr std::size_t kMaxVarintBytes = 10;

// Maps small signed values to small unsigned ones: 0, -1, 1, -2 ... -> 0, 1, 2, 3 ...
constexpr std::uint64_t zigzag(std::int64_t v) noexcept {
  return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}
constexpr std::int64_t unzigzag(std::uint64_t v) noexcept {
  return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// Writes `v` as LEB128 (7 bits a byte, low bits first, high bit = more follows) at `out`;
// returns the byte after it. `out` must have kMaxVarintBytes of room.
inline std::byte* put_varint(std::byte* out, std::uint64_t v) noexcept {
  while (v >= 0x80) {
    *out++ = static_cast<std::byte>(v | 0x80);
    v >>= 7;
  }
  *out++ = static_cast<std::byte>(v);
  return out;
}

constexpr std::size_t varint_size(std::uint64_t v) noexcept {
  std::size_t n = 1;
  while (v >= 0x80) {
    v >>= 7;
    ++n;
  }
  return n;
}

template <typename T>
inline std::byte* put_fixed(std::byte* out, T v) noexcept {
  std::memcpy(out, &v, sizeof v);
  return out + sizeof v;
}

// Reads from a byte range. Every getter checks the bounds; the first failure latches: later
// reads return zeros and ok() stays false, so a parser can read a whole entry and check once.
class ByteReader {
 public:
  ByteReader(const std::byte* begin, const std::byte* end) noexcept : p_(begin), end_(end) {}

  bool ok() const noexcept { return ok_; }
  bool empty() const noexcept { return p_ == end_; }
  std::size_t remaining() const noexcept { return static_cast<std::size_t>(end_ - p_); }
  const std::byte* position() const noexcept { return p_; }
  void fail() noexcept {
    ok_ = false;
    p_ = end_;
  }

  std::uint64_t varint() noexcept {
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) break;
      const auto b = static_cast<std::uint8_t>(*p_++);
      // The tenth byte may only carry the top bit of a 64-bit value.
      if (shift == 63 && b > 1) break;
      v |= std::uint64_t{b & 0x7Fu} << shift;
      if ((b & 0x80) == 0) return v;
    }
    fail();
    return 0;
  }
  std::int64_t signed_varint() noexcept { return unzigzag(varint()); }
  // A varint that must fit in 32 bits.
  std::uint32_t varint32() noexcept {
    const std::uint64_t v = varint();
    if (v > UINT32_MAX) fail();
    return ok_ ? static_cast<std::uint32_t>(v) : 0;
  }

  template <typename T>
  T fixed() noexcept {
    T v{};
    if (remaining() < sizeof v) {
      fail();
      return v;
    }
    std::memcpy(&v, p_, sizeof v);
    p_ += sizeof v;
    return v;
  }
  std::uint8_t u8() noexcept { return fixed<std::uint8_t>(); }

  // `n` bytes as a view into the input, or nullptr (and failure) when fewer remain.
  const std::byte* bytes(std::size_t n) noexcept {
    if (remaining() < n) {
      fail();
      return nullptr;
    }
    const std::byte* at = p_;
    p_ += n;
    return at;
  }
  // A varint length, then that many bytes.
  std::string_view string() noexcept {
    const std::uint64_t n = varint();
    if (!ok_ || n > remaining()) {
      fail();
      return {};
    }
    const auto* at = reinterpret_cast<const char*>(bytes(static_cast<std::size_t>(n)));
    return {at, static_cast<std::size_t>(n)};
  }

 private:
  const std::byte* p_;
  const std::byte* end_;
  bool ok_ = true;
};

}  // namespace ringlog::detail
