// record: one log call. Its head names the call site (the site's definition says how to read
// the body); the body holds the tick delta and the compact arguments (codec/compact_args.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codec/compact_args.h"
#include "codec/compact_steps.h"
#include "codec/varint.h"

namespace ringlog::detail {

// record := varint(site << 1) varint(n) body[n]
// body   := tick_delta:varint compact_args   (the delta to the previous record of the chunk, or
//                                             to the last time_base)
struct RecordEntry {
  // Room for a record's head, length, tick delta and a time_base / wall_time entry before it.
  static constexpr std::size_t kOverhead = 64;
  static_assert(kOverhead >= 3 * kMaxVarintBytes + kCompactArgsSlack,
                "head, length and tick delta varints plus the argument encoder's slack");

  // The record at most, with room for the encoder's slack and one small clock entry before it.
  static constexpr std::size_t bound(std::size_t native_bytes, std::size_t value_count) noexcept {
    return kOverhead + compact_args_bound(native_bytes, value_count);
  }
  // Writes the record of call site `file_id` at `out`, which has bound() bytes of room, and
  // updates `prev` (the site's predictors). Returns the end, or nullptr when `native` does not
  // match `code` (the bytes at `out` and `prev` are then garbage). Runs for every record the
  // binary sink writes: one pass, no allocation.
  static std::byte* encode(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                           std::span<const std::uint8_t> code, std::span<const std::byte> native,
                           std::uint64_t* prev) noexcept;
  // The same with the arguments encoded by a site's steps (make_compact_plan()) instead of its
  // type code: the same bytes. Inline: the binary sink's runs call it for nearly every record.
  static std::byte* encode(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                           std::span<const CompactStep> plan, std::span<const std::byte> native,
                           std::uint64_t* prev) noexcept {
    return frame(out, file_id, tick_delta,
                 [&](std::byte* at) { return encode_compact_planned(plan, native, prev, at); });
  }
  // The same for a plan of fixed-width steps and exactly compact_plan_fixed_bytes(plan) bytes
  // at `native`: no bounds check per argument (codec/compact_steps.h), the same bytes.
  static std::byte* encode_fixed(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                                 std::span<const CompactStep> plan, const std::byte* native,
                                 std::uint64_t* prev) noexcept {
    return frame(out, file_id, tick_delta,
                 [&](std::byte* at) { return encode_compact_fixed(plan, native, prev, at); });
  }
  // Reads a record's body: its tick delta, and its arguments (typed by `code`) appended to
  // `native` in their ring encoding, updating `prev`. False when the body is malformed.
  static bool decode(ByteReader& body, std::span<const std::uint8_t> code, std::uint64_t* prev,
                     std::uint64_t& tick_delta, std::vector<std::byte>& native);

 private:
  // The head, the length and the tick delta around the arguments `encode_args(at)` writes.
  template <typename EncodeArgs>
  static std::byte* frame(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                          EncodeArgs encode_args) noexcept {
    std::byte* p = put_varint(out, std::uint64_t{file_id} << 1);
    std::byte* const length_at = p++;  // one byte reserved: most bodies are under 128 bytes
    std::byte* const body = p;
    p = put_varint(p, tick_delta);
    p = encode_args(p);
    if (p == nullptr) return nullptr;
    const auto body_size = static_cast<std::size_t>(p - body);
    if (body_size < 0x80) [[likely]] {
      *length_at = static_cast<std::byte>(body_size);
      return p;
    }
    return widen_length(length_at, p);
  }
  // A body of 128 bytes or more: moved up to make room for its longer length.
  static std::byte* widen_length(std::byte* length_at, std::byte* end) noexcept;
};

}  // namespace ringlog::detail
