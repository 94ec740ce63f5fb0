#include "codec/entries/record_entry.h"

#include <cstring>

namespace ringlog::detail {

std::byte* RecordEntry::widen_length(std::byte* length_at, std::byte* end) noexcept {
  std::byte* const body = length_at + 1;
  const auto body_size = static_cast<std::size_t>(end - body);
  const std::size_t extra = varint_size(body_size) - 1;
  std::memmove(body + extra, body, body_size);
  put_varint(length_at, body_size);
  return end + extra;
}

std::byte* RecordEntry::encode(std::byte* out, std::uint32_t file_id, std::uint64_t tick_delta,
                               std::span<const std::uint8_t> code,
                               std::span<const std::byte> native, std::uint64_t* prev) noexcept {
  return frame(out, file_id, tick_delta,
               [&](std::byte* at) { return encode_compact_args(code, native, prev, at); });
}

bool RecordEntry::decode(ByteReader& body, std::span<const std::uint8_t> code, std::uint64_t* prev,
                         std::uint64_t& tick_delta, std::vector<std::byte>& native) {
  tick_delta = body.varint();
  return body.ok() && decode_compact_args(code, body, prev, native);
}

}  // namespace ringlog::detail
