// libFuzzer target: arbitrary bytes into the binary log reader, fed in pieces whose sizes come
// from the input, every record formatted as text and as JSON, as ringlog-cat would. The reader
// must never crash, hang or read out of bounds (run with ASan/UBSan).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <vector>

#include "cat/json_output.h"
#include "cat/pattern_check.h"
#include "codec/binary_format.h"
#include "codec/binary_reader.h"
#include "codec/crc32c.h"
#include "format/text_layout.h"

namespace {

// Rewrites the checksums of every chunk header found by walking the lengths from the first
// preamble, so mutated payloads get past the CRCs and reach the entry decoder.
void reseal_chunks(std::vector<std::uint8_t>& bytes) {
  using namespace ringlog::detail;
  std::size_t at = kPreambleSize;
  while (at + kChunkHeaderSize <= bytes.size()) {
    std::uint32_t length;
    std::memcpy(&length, bytes.data() + at + kChunkLengthOffset, 4);
    const std::size_t available = bytes.size() - at - kChunkHeaderSize;
    if (length > available) length = static_cast<std::uint32_t>(available);
    std::memcpy(bytes.data() + at, &kChunkSync, 4);
    std::memcpy(bytes.data() + at + kChunkLengthOffset, &length, 4);
    const std::uint32_t payload_crc = crc32c(bytes.data() + at + kChunkHeaderSize, length);
    std::memcpy(bytes.data() + at + kChunkPayloadCrcOffset, &payload_crc, 4);
    const std::uint32_t header_crc = crc32c(bytes.data() + at, kChunkHeaderCrcOffset);
    std::memcpy(bytes.data() + at + kChunkHeaderCrcOffset, &header_crc, 4);
    at += kChunkHeaderSize + length;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* raw, std::size_t raw_size) {
  using namespace ringlog::detail;
  if (raw_size == 0) return 0;
  // The first byte: bit 7 reseals the chunk checksums; bits 0-6 choose the piece size the
  // input is fed in (1..127 bytes, or all at once when 0).
  const bool reseal = (raw[0] & 0x80) != 0;
  std::vector<std::uint8_t> bytes(raw + 1, raw + raw_size);
  if (reseal) reseal_chunks(bytes);
  const std::uint8_t* data = bytes.data();
  const std::size_t size = bytes.size();
  const std::size_t piece = (raw[0] & 0x7F) == 0 ? std::max<std::size_t>(size, 1) : raw[0] & 0x7F;
  BinaryReader reader(
      [](const ReadIssue& issue) {
        if (issue.message.empty()) __builtin_trap();  // every issue says something
      },
      ringlog::cat::text_pattern_check());
  std::optional<TextLayout> layout;
  std::uint64_t generation = ~std::uint64_t{0};
  fmt::memory_buffer out;
  ringlog::cat::JsonRecords json;
  const auto drain = [&] {
    while (reader.next()) {
      if (generation != reader.header_generation()) {
        generation = reader.header_generation();
        layout.emplace(reader.header().pattern, reader.header().utc, reader.header().append_fields);
      }
      const ringlog::LogEvent event = reader.event();
      layout->format(event, out);
      json.append(event, out);
      out.clear();
    }
  };
  for (std::size_t at = 0; at < size; at += piece) {
    reader.feed(data + at, std::min(piece, size - at));
    drain();
  }
  reader.finish();
  drain();
  return 0;
}
