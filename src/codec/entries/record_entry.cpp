#include "codec/entries/record_entry.h"

#include <cstring>

namespace ringlog::detail {

namespace {

// The head, the length and the tick delta around the arguments `encode_args(at)` writes.
template <typename EncodeArgs>
std::byte* encode_record(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                         EncodeArgs encode_args) noexcept {
  std::byte* p = put_varint(out, std::uint64_t{file_id} << 1);
  std::byte* const length_at = p++;  // one byte reserved: most bodies are under 128 bytes
  std::byte* const body = p;
  p = put_varint(p, tick_delta);
  p = encode_args(p);
  if (p == nullptr) return nullptr;
  const auto body_size = static_cast<std::size_t>(p - body);
  if (body_size < 0x80) {
    *length_at = static_cast<std::byte>(body_size);
    return p;
  }
  const std::size_t extra = varint_size(body_size) - 1;
  std::memmove(body + extra, body, body_size);
  put_varint(length_at, body_size);
  return p + extra;
}

}  // namespace

std::byte* RecordEntry::encode(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                               std::span<const std::uint8_t> code,
                               std::span<const std::byte> native, std::uint64_t* prev) noexcept {
  return encode_record(out, file_id, tick_delta,
                       [&](std::byte* at) { return encode_compact_args(code, native, prev, at); });
}

std::byte* RecordEntry::encode(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                               std::span<const CompactStep> plan, std::span<const std::byte> native,
                               std::uint64_t* prev) noexcept {
  return encode_record(out, file_id, tick_delta, [&](std::byte* at) {
    return encode_compact_planned(plan, native, prev, at);
  });
}

bool RecordEntry::decode(ByteReader& body, std::span<const std::uint8_t> code, std::uint64_t* prev,
                         std::uint64_t& tick_delta, std::vector<std::byte>& native) {
  tick_delta = body.varint();
  return body.ok() && decode_compact_args(code, body, prev, native);
}

}  // namespace ringlog::detail
