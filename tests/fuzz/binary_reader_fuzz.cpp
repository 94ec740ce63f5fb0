// libFuzzer target: arbitrary bytes into the binary log reader, fed in pieces whose sizes come
// from the input, every record formatted as text and as JSON, as ringlog-cat would. The reader
// must never crash, hang or read out of bounds (run with ASan/UBSan).
#include <cstddef>
#include <cstdint>
#include <optional>

#include "cat/json_output.h"
#include "codec/binary_reader.h"
#include "format/text_layout.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringlog::detail;
  if (size == 0) return 0;
  // The first byte chooses the piece size (1..256 bytes, or all at once when 0).
  const std::size_t piece = data[0] == 0 ? size : data[0];
  ++data;
  --size;
  BinaryReader reader([](const ReadIssue& issue) {
    if (issue.message.empty()) __builtin_trap();  // every issue says something
  });
  std::optional<TextLayout> layout;
  std::uint64_t generation = ~std::uint64_t{0};
  fmt::memory_buffer out;
  const auto drain = [&] {
    while (reader.next()) {
      if (generation != reader.header_generation()) {
        generation = reader.header_generation();
        layout.emplace(reader.header().pattern, reader.header().utc);
      }
      const ringlog::LogEvent event = reader.event();
      layout->format(event, out);
      ringlog::cat::append_json_record(event, out);
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
