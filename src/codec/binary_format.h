// Constants of the binary log format (docs/binary-format.md describes it byte by byte).
//
//   file    := segment+                      (appending a run to a file adds a segment)
//   segment := preamble chunk+               (the first chunk opens with a file_header entry)
//   preamble:= magic[8] major:u16 minor:u16
//   chunk   := sync:u32 seq:u32 length:u32 payload_crc:u32 header_crc:u32 payload[length]
//   payload := entry*
//   entry   := record  = varint(site << 1)     varint(n) body[n]
//            | control = varint(kind << 1 | 1) varint(n) body[n]
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ringlog::detail {

// First bytes of every segment. The high first byte and CR LF / ^Z catch files mangled by
// text-mode transfers, as PNG's signature does.
inline constexpr std::array<std::byte, 8> kFileMagic = {
    std::byte{0x89}, std::byte{'R'},  std::byte{'L'},  std::byte{'O'},
    std::byte{'G'},  std::byte{'\r'}, std::byte{'\n'}, std::byte{0x1A}};
inline constexpr std::size_t kPreambleSize = 12;
// Readers refuse another major version; a newer minor only adds what older readers may skip.
inline constexpr std::uint16_t kFormatMajor = 1;
inline constexpr std::uint16_t kFormatMinor = 2;  // 1.1: kv() fields and context; 1.2: type codes

// "RLCK" as stored: marks each chunk header so a reader can find the next chunk after damage.
inline constexpr std::uint32_t kChunkSync = 0x4B43'4C52u;
inline constexpr std::size_t kChunkHeaderSize = 20;
// Offsets of the chunk header's fields.
inline constexpr std::size_t kChunkSeqOffset = 4;
inline constexpr std::size_t kChunkLengthOffset = 8;
inline constexpr std::size_t kChunkPayloadCrcOffset = 12;
inline constexpr std::size_t kChunkHeaderCrcOffset = 16;  // CRC-32C of the 16 bytes before it
// Largest payload a reader accepts; a record may be up to half of a 2^31-byte ring.
inline constexpr std::uint32_t kMaxChunkPayload = std::uint32_t{1} << 31;
// The writer closes a chunk once its payload reaches this size (or when the sink flushes).
inline constexpr std::size_t kChunkTargetPayload = std::size_t{64} << 10;
// The writer sends the file header, call-site and thread definitions and the clock anchor again
// (before their next use) in the first chunk it opens after this many bytes of chunks: a damaged
// chunk then costs its own records plus at most this window after it. Measured cost: +0.3% bytes
// per record for one busy call site (docs/binary-format.md, "Refresh").
inline constexpr std::size_t kDefinitionRefreshBytes = std::size_t{64} << 10;

// Control entry kinds. A reader skips kinds it does not know (they carry their length).
enum class EntryKind : std::uint8_t {
  file_header = 1,    // process, host, layout and clock anchor: opens each segment and refresh
  call_site = 2,      // a statement's metadata, before its first record in the segment/refresh
  thread = 3,         // a thread's identity and name, as call_site, and again after a rename
  thread_switch = 4,  // the records that follow come from this thread
  clock_anchor = 5,   // the backend re-anchored its TSC clock
  time_base = 6,      // the next record's tick delta counts from this value (ticks went back)
  wall_time = 7,      // the next record's wall-clock time, when it is not derived from ticks
  segment_end = 8,    // the writer closed the segment cleanly (absent after a crash)
  context = 9,        // the current thread's ringlog::Context fields from here on (format 1.1)
};

// Value tags of context fields (EntryKind::context).
enum class FieldTag : std::uint8_t { i64 = 0, u64 = 1, f64 = 2, boolean = 3, string = 4 };

// Bytes a long double takes in the file: the 80-bit x87 value on x86, else its native size.
#if defined(__x86_64__) || defined(__i386__)
inline constexpr std::size_t kLongDoubleBytes = 10;
#else
inline constexpr std::size_t kLongDoubleBytes = sizeof(long double);
#endif

}  // namespace ringlog::detail
