// libFuzzer target: the recovery reader (src/recovery/) on damaged ring directories. The input
// is, by its first byte: (0) a whole ring file; (1) a ring's indices and buffer behind a valid
// header, so the record walk is reached at once; (2) a sites file next to a valid ring. Known
// call sites come from a sites file built here. Every stranded record is formatted as text and
// JSON. It must not crash, hang or read out of bounds, and must keep records inside the ring.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "format/json_layout.h"
#include "format/text_layout.h"
#include "recovery/ring_dir_reader.h"
#include "ringlog/detail/arg_kinds.h"
#include "shm/ring_file_format.h"

namespace {

using ringlog::detail::ArgType;
namespace rf = ringlog::detail::ring_file;

constexpr std::size_t kCapacity = 4096;
constexpr std::size_t kBufferOffset = 4096;

void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  const auto* p = reinterpret_cast<const std::byte*>(&v);
  out.insert(out.end(), p, p + 4);
}
void put_text(std::vector<std::byte>& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  out.insert(out.end(), p, p + s.size());
}

void add_site(std::vector<std::byte>& file, std::uint32_t id, std::string_view format,
              std::vector<ArgType> code, std::uint32_t args, std::vector<std::string> keys) {
  std::vector<std::byte> p;
  for (std::uint32_t v : {id, 2u, 10u + id, args, args, static_cast<std::uint32_t>(keys.size())}) {
    put_u32(p, v);
  }
  for (std::string_view s : {"log", "file.cpp", "f"}) put_text(p, s);
  put_text(p, format);
  std::string bytes;
  for (ArgType t : code) bytes.push_back(static_cast<char>(t));
  put_text(p, bytes);
  for (const auto& k : keys) put_text(p, k);
  put_u32(file, static_cast<std::uint32_t>(p.size()));
  put_u32(file, rf::checksum(p.data(), p.size()));
  file.insert(file.end(), p.begin(), p.end());
}

std::vector<std::byte> make_sites() {
  std::vector<std::byte> f;
  add_site(f, 0, "seq {} {}", {ArgType::kU64, ArgType::kString}, 2, {});
  add_site(f, 1, "{:>8.3} at {}", {ArgType::kF64, ArgType::kPointer}, 2, {});
  add_site(f, 2, "with field {}", {ArgType::kI64, ArgType::kString}, 1, {"k"});
  return f;
}

std::vector<std::byte> make_process() {
  std::vector<std::byte> out(sizeof(rf::ProcessHeader));
  rf::ProcessHeader h{};
  std::memcpy(h.magic, rf::kProcessMagic, sizeof h.magic);
  h.version = rf::kVersion;
  h.pid = 1;
  h.ns_per_tick = 1.0;
  h.utc_time = 1;
  std::memcpy(out.data(), &h, sizeof h);
  return out;
}

// A valid header; the indices (2 x 8 bytes) and then the buffer come from `data`.
std::vector<std::byte> ring_behind_header(const std::uint8_t* data, std::size_t size) {
  std::vector<std::byte> out(kBufferOffset + kCapacity);
  rf::RingHeader h{};
  std::memcpy(h.magic, rf::kRingMagic, sizeof h.magic);
  h.version = rf::kVersion;
  h.ready = 1;
  h.capacity = kCapacity;
  h.buffer_offset = kBufferOffset;
  h.write_index_offset = 512;
  h.read_index_offset = 576;
  h.name_length = 4;
  std::memcpy(h.name, "fuzz", 4);
  std::memcpy(out.data(), &h, sizeof h);
  const std::size_t idx = size < 16 ? size : 16;
  std::memcpy(out.data() + 512, data, idx < 8 ? idx : 8);
  if (idx > 8) std::memcpy(out.data() + 576, data + 8, idx - 8);
  const std::size_t rest = size - idx < kCapacity ? size - idx : kCapacity;
  std::memcpy(out.data() + kBufferOffset, data + idx, rest);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0] % 3;
  ++data;
  --size;
  std::vector<std::byte> sites = make_sites();
  std::vector<std::vector<std::byte>> rings;
  if (mode == 0) {
    rings.emplace_back(reinterpret_cast<const std::byte*>(data),
                       reinterpret_cast<const std::byte*>(data) + size);
  } else if (mode == 1) {
    rings.push_back(ring_behind_header(data, size));
  } else {
    sites.assign(reinterpret_cast<const std::byte*>(data),
                 reinterpret_cast<const std::byte*>(data) + size);
    const std::uint8_t valid[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    rings.push_back(ring_behind_header(valid, sizeof valid));
  }
  ringlog::detail::RingDirReader reader("fuzz", make_process(), std::move(sites), std::move(rings));
  ringlog::detail::TextLayout text("{time} {level} [{thread}] {logger} {source} {message}", true);
  ringlog::detail::JsonLayout json;
  fmt::memory_buffer out;
  std::size_t seen = 0;
  reader.for_each([&](const ringlog::LogEvent& e) {
    ++seen;
    out.clear();
    text.format(e, out);
    json.format(e, out);
  });
  if (seen != reader.record_count()) std::abort();
  return 0;
}
