// The byte layout of a context: the calling thread's context buffer, ContextSnapshot values and
// kControlContext record payloads all hold the same sequence of entries, outermost scope first:
//
//   entry := type:u8 key_len:u8 key[key_len] value
//   type  := ArgType::kBool | kI64 | kU64 | kF64 | kString     (values of detail/arg_codec.h)
//   value := u8 (bool) | 8 native bytes (kI64, kU64, kF64) | len:u8 bytes[len] (kString)
//
// A key may appear more than once: the later entry (an inner scope) wins.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "ringlog/context.h"
#include "ringlog/field.h"

namespace ringlog::detail {

// The key of the entry that stands in for fields a scope had to leave out (value: how many).
inline constexpr std::string_view kDroppedFieldsKey = "ctx_dropped";

// Access to a ContextSnapshot's storage for the codec and the Context scopes.
struct ContextAccess {
  static std::span<const std::byte> entries(const ContextSnapshot& c) noexcept {
    return {c.bytes_, c.size_};
  }
  static std::uint16_t size(const ContextSnapshot& c) noexcept { return c.size_; }
  static std::uint8_t count(const ContextSnapshot& c) noexcept { return c.count_; }
  // Cuts the context back to an earlier (size, count), as a scope ends.
  static void truncate(ContextSnapshot& c, std::uint16_t size, std::uint8_t count) noexcept {
    c.size_ = size;
    c.count_ = count;
  }
  // Appends one entry for a scope whose entries start at byte `scope_start`, within the limits
  // documented in ringlog/context.h (cut strings, ctx_dropped for what does not fit).
  static void append(ContextSnapshot& c, std::uint16_t scope_start, std::string_view key,
                     const FieldValue& value) noexcept;
};

// One decoded entry.
struct ContextEntry {
  std::string_view key;
  FieldValue value;
  std::size_t size;  // encoded bytes
};

// Decodes the entry at the start of `bytes`. False when the bytes are too short or the type is
// not one of the five allowed (possible only for corrupt input).
bool decode_context_entry(std::span<const std::byte> bytes, ContextEntry& out) noexcept;

// Fills `out` with the entries' fields, one per key: a later entry replaces an earlier one's
// value in place. Returns the number of fields; fields past out.size() are left out. Sets
// `complete` to false when the bytes end in a malformed entry (those before it are kept).
std::size_t resolve_context(std::span<const std::byte> entries, std::span<Field> out,
                            bool& complete) noexcept;

}  // namespace ringlog::detail
