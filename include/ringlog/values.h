// Argument wrappers for values that are not logged as they are.
#pragma once

#include <fmt/core.h>

#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>

namespace ringlog {

// A byte buffer logged as hex ("0a 1b ff"): packet dumps. Cost on the caller: one copy of the
// bytes (cut with "...[truncated]" when the record would exceed half the ring).
struct HexBytes {
  std::span<const std::byte> bytes;
};

// Logs `bytes` as hex. The buffer must stay valid until the log call returns (it is copied).
inline HexBytes hex(std::span<const std::byte> bytes) noexcept {
  return {bytes};
}
inline HexBytes hex(const void* data, std::size_t size) noexcept {
  return {{static_cast<const std::byte*>(data), size}};
}
template <typename T, std::size_t N>
requires(sizeof(T) == 1 && std::is_trivially_copyable_v<T>) inline HexBytes
    hex(std::span<T, N> bytes) noexcept {
  return {std::as_bytes(bytes)};
}

// Text formatted on the calling thread, held inline (no allocation), logged as a string.
class FormattedNow {
 public:
  static constexpr std::size_t kCapacity = 256;
  std::string_view view() const noexcept { return {text_, size_}; }

 private:
  template <typename T>
  friend FormattedNow format_now(const T& value);
  char text_[kCapacity];
  std::size_t size_ = 0;
};

// Formats `value` with its fmt::formatter now, on the calling thread, into a 256-byte inline
// buffer (longer text is cut and ends in "...[truncated]"). For types that cannot travel raw
// (not trivially copyable and not described): an explicit, visible cost of one fmt::format on
// the hot path, but no allocation.
template <typename T>
FormattedNow format_now(const T& value) {
  FormattedNow out;
  const auto result = fmt::format_to_n(out.text_, FormattedNow::kCapacity, "{}", value);
  out.size_ = result.size;
  if (result.size > FormattedNow::kCapacity) {
    constexpr std::string_view kMarker = "...[truncated]";
    out.size_ = FormattedNow::kCapacity;
    std::memcpy(out.text_ + out.size_ - kMarker.size(), kMarker.data(), kMarker.size());
  }
  return out;
}

}  // namespace ringlog
