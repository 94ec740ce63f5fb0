// What every entry unit (codec/entries/) is built from: writers for an entry's body, the frame
// around an entry (head and length), and the error a decode returns. Each unit then keeps one
// entry kind's encode, decode and size bound side by side (docs/binary-format.md, "Entries").
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/binary_format.h"
#include "codec/varint.h"

namespace ringlog::detail {

// A control entry's body while it is built (the writer reuses one).
using EntryBody = std::vector<std::byte>;

// resize + memcpy rather than insert(): g++ 12 warns falsely on inserting small arrays.
inline void put_bytes(EntryBody& body, const void* data, std::size_t size) {
  const std::size_t at = body.size();
  body.resize(at + size);
  if (size != 0) std::memcpy(body.data() + at, data, size);
}

inline void put_varint(EntryBody& body, std::uint64_t v) {
  std::byte bytes[kMaxVarintBytes];
  put_bytes(body, bytes, static_cast<std::size_t>(put_varint(bytes, v) - bytes));
}

inline void put_u8(EntryBody& body, std::uint8_t v) {
  body.push_back(std::byte{v});
}

inline void put_string(EntryBody& body, std::string_view s) {
  put_varint(body, s.size());
  put_bytes(body, s.data(), s.size());
}

template <typename T>
void put_fixed(EntryBody& body, T v) {
  put_bytes(body, &v, sizeof v);
}

// Bytes a string takes at most: its varint length and its bytes.
constexpr std::size_t string_bound(std::size_t size) noexcept {
  return kMaxVarintBytes + size;
}

// Appends a control entry to `out`: varint(kind << 1 | 1), varint(body size), the body.
inline void append_control(fmt::memory_buffer& out, EntryKind kind, const EntryBody& body) {
  std::byte head[2 * kMaxVarintBytes];
  std::byte* p = put_varint(head, std::uint64_t{static_cast<std::uint8_t>(kind)} << 1 | 1);
  p = put_varint(p, body.size());
  const auto* h = reinterpret_cast<const char*>(head);
  out.append(h, h + (p - head));
  const auto* b = reinterpret_cast<const char*>(body.data());
  out.append(b, b + body.size());
}

// One entry of a chunk's payload, as framed: its head and where its body is.
struct EntryFrame {
  std::uint64_t head;  // site << 1 for a record, kind << 1 | 1 for a control entry
  const std::byte* body;
  std::size_t size;

  bool is_control() const noexcept { return (head & 1) != 0; }
  std::uint64_t id() const noexcept { return head >> 1; }  // the site or the control kind
};

// Reads the frame of the entry at `in`'s position and moves past it; nothing when it runs past
// the end of `in` (the chunk's payload).
inline std::optional<EntryFrame> read_frame(ByteReader& in) noexcept {
  const std::uint64_t head = in.varint();
  const std::uint64_t size = in.varint();
  if (!in.ok() || size > in.remaining()) return std::nullopt;
  const std::byte* body = in.bytes(static_cast<std::size_t>(size));
  return EntryFrame{head, body, static_cast<std::size_t>(size)};
}

// Why an entry's body could not be decoded; empty when it could. (The text is built only when
// something is wrong.)
struct EntryError {
  std::string what;
  explicit operator bool() const noexcept { return !what.empty(); }
};

}  // namespace ringlog::detail
