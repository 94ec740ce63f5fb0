// The files a process keeps under Config::ring_dir/<program>.<pid>/ so that another process can
// write what its rings still hold after it was killed: one file per thread's ring, one for the
// process (identity, clock, text layout) and one for the call sites. Shared by the writer
// (shm/ring_store.cpp) and the recovery reader (recovery/). Plain structs, native byte order:
// the files never leave the machine that wrote them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ringlog::detail::ring_file {

inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::size_t kPage = 4096;
inline constexpr char kRingMagic[8] = {'R', 'L', 'O', 'G', 'R', 'I', 'N', 'G'};
inline constexpr char kProcessMagic[8] = {'R', 'L', 'O', 'G', 'P', 'R', 'O', 'C'};
inline constexpr const char* kProcessFileName = "process";
inline constexpr const char* kSitesFileName = "sites";
inline constexpr const char* kRingFilePrefix = "ring.";  // + the thread's index
// Where a ring file's ThreadRing object starts (after RingHeader, cache-line aligned).
inline constexpr std::size_t kThreadRingOffset = 256;
inline constexpr std::size_t kNameMax = 32;

// At offset 0 of a ring file. The ring's buffer starts at buffer_offset (page aligned) and
// fills the rest of the file; its write and read positions (monotonic byte counters, as in
// detail::SpscRing) are 8-byte words at the two index offsets, inside the ThreadRing object.
struct RingHeader {
  char magic[8];
  std::uint32_t version;
  std::uint32_t ready;  // 1 once the ring is set up; 0 in a file its process died creating
  std::uint64_t capacity;
  std::uint64_t buffer_offset;
  std::uint64_t write_index_offset;
  std::uint64_t read_index_offset;
  std::uint64_t os_thread_id;
  std::uint32_t thread_index;
  std::uint32_t name_length;  // the thread's latest name (set_thread_name() updates it)
  char name[kNameMax];
};
static_assert(sizeof(RingHeader) <= kThreadRingOffset);

// The whole "process" file.
struct ProcessHeader {
  char magic[8];
  std::uint32_t version;
  std::int32_t pid;
  std::uint64_t start_time;  // field 22 of /proc/<pid>/stat: tells a reused pid apart
  // The clock anchor, rewritten at every re-anchoring (ClockAnchor's three fields).
  std::uint64_t anchor_ticks;
  std::int64_t anchor_unix_ns;
  double ns_per_tick;
  std::uint8_t utc_time;
  std::uint8_t append_fields;
  std::uint8_t padding[2];
  std::uint32_t program_length;
  std::uint32_t pattern_length;
  std::uint32_t reserved;
  char program[256];
  char pattern[2048];  // Config::pattern; a longer one is stored empty (the reader's default)
};

// The "sites" file is a sequence of entries, each [u32 payload bytes][u32 checksum][payload],
// appended with one write(2) when a call site registers. Payload, all little fields in order:
// u32 id, u32 level, u32 line, u32 arg_count, u32 message_code_size, u32 field_count,
// then strings as [u32 length][bytes]: logger name, file, function, format, type code
// (message_code_size + field_count bytes), then field_count keys.
inline constexpr std::uint32_t kMaxSiteEntry = 1u << 20;

// FNV-1a, enough to tell a torn or garbage entry from a whole one.
inline std::uint32_t checksum(const std::byte* data, std::size_t size) noexcept {
  std::uint32_t h = 2166136261u;
  for (std::size_t i = 0; i < size; ++i) {
    h ^= static_cast<std::uint8_t>(data[i]);
    h *= 16777619u;
  }
  return h;
}

}  // namespace ringlog::detail::ring_file
