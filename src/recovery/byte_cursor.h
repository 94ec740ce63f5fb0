// Bounds-checked reading of native-order words and length-prefixed strings from bytes in memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace ringlog::detail {

struct ByteCursor {
  const std::byte* data;
  std::size_t size;
  std::size_t pos = 0;

  bool u32(std::uint32_t& out) noexcept {
    if (size - pos < sizeof out) return false;
    std::memcpy(&out, data + pos, sizeof out);
    pos += sizeof out;
    return true;
  }
  bool text(std::string& out) {
    std::uint32_t n = 0;
    if (!u32(n) || n > size - pos) return false;
    out.assign(reinterpret_cast<const char*>(data + pos), n);
    pos += n;
    return true;
  }
  bool at_end() const noexcept { return pos == size; }
};

}  // namespace ringlog::detail
