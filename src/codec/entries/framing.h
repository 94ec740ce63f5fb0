// The frames around entries: the preamble that opens a segment, the header that seals a chunk,
// and the segment_end entry that closes a segment. Each with its encode, decode and size.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "codec/binary_format.h"
#include "codec/crc32c.h"
#include "codec/entries/entry_io.h"
#include "codec/varint.h"

namespace ringlog::detail {

template <typename T>
T load_fixed(const std::byte* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// magic[8] major:u16 minor:u16
struct Preamble {
  static constexpr std::size_t kSize = kPreambleSize;
  std::uint16_t major = kFormatMajor;
  std::uint16_t minor = kFormatMinor;

  static void encode(fmt::memory_buffer& out) {
    const auto* magic = reinterpret_cast<const char*>(kFileMagic.data());
    out.append(magic, magic + kFileMagic.size());
    const std::uint16_t version[2] = {kFormatMajor, kFormatMinor};
    const auto* v = reinterpret_cast<const char*>(version);
    out.append(v, v + sizeof version);
  }
  // Whether the `available` bytes at `p` (however few) start like a preamble.
  static bool starts_at(const std::byte* p, std::size_t available) noexcept {
    const std::size_t n = std::min(available, kFileMagic.size());
    return std::memcmp(p, kFileMagic.data(), n) == 0;
  }
  // The version of the kSize bytes at `p`, which starts_at() accepted.
  static Preamble decode(const std::byte* p) noexcept {
    return {load_fixed<std::uint16_t>(p + kFileMagic.size()),
            load_fixed<std::uint16_t>(p + kFileMagic.size() + 2)};
  }
};

// sync:u32 seq:u32 length:u32 payload_crc:u32 header_crc:u32, then `length` payload bytes.
struct ChunkHeader {
  static constexpr std::size_t kSize = kChunkHeaderSize;
  std::uint32_t seq = 0;
  std::uint32_t length = 0;

  // Fills the kSize bytes at `header`, which the payload follows.
  static void seal(std::byte* header, std::uint32_t seq, std::uint32_t length) noexcept {
    put_fixed(header, kChunkSync);
    put_fixed(header + kChunkSeqOffset, seq);
    put_fixed(header + kChunkLengthOffset, length);
    put_fixed(header + kChunkPayloadCrcOffset, crc32c(header + kSize, length));
    put_fixed(header + kChunkHeaderCrcOffset, crc32c(header, kChunkHeaderCrcOffset));
  }
  // Whether a sync word starts at `p` (4 bytes): a chunk header may.
  static bool sync_at(const std::byte* p) noexcept {
    return load_fixed<std::uint32_t>(p) == kChunkSync;
  }
  // Sync word and header checksum of the kSize bytes at `p`: the header, its length too, can be
  // trusted.
  static bool valid_at(const std::byte* p) noexcept {
    return sync_at(p) &&
           load_fixed<std::uint32_t>(p + kChunkHeaderCrcOffset) == crc32c(p, kChunkHeaderCrcOffset);
  }
  static ChunkHeader decode(const std::byte* p) noexcept {
    return {load_fixed<std::uint32_t>(p + kChunkSeqOffset),
            load_fixed<std::uint32_t>(p + kChunkLengthOffset)};
  }
  // Whether the `length` payload bytes after the header at `p` match its checksum.
  bool payload_matches(const std::byte* p) const noexcept {
    return load_fixed<std::uint32_t>(p + kChunkPayloadCrcOffset) == crc32c(p + kSize, length);
  }
};

// segment_end := records:varint (the segment's record count; readers only note the entry).
struct SegmentEnd {
  static constexpr EntryKind kKind = EntryKind::segment_end;
  // The whole chunk that carries it: header, entry head and length, the count.
  static constexpr std::size_t kChunkBytes = kChunkHeaderSize + 2 * kMaxVarintBytes + 1;
  std::uint64_t records = 0;

  void encode(EntryBody& body) const { put_varint(body, records); }
  // The body is not read: its presence is the message.
  static EntryError decode(ByteReader&, SegmentEnd&) { return {}; }
};

}  // namespace ringlog::detail
