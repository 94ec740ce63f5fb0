// Decodes binary log bytes the way ringlog-cat does by default, for assertions.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "codec/binary_reader.h"
#include "format/text_layout.h"

namespace ringlog::test {

struct Decoded {
  std::string text;                          // the lines the file sink would have written
  std::vector<std::string> messages;         // rendered messages, in order
  std::vector<std::uint64_t> chunk_offsets;  // chunk of each record
  std::vector<std::uint32_t> site_ids;       // file call-site id of each record
  std::vector<detail::ReadIssue> issues;
  detail::ReaderCounters counters;
  bool fatal = false;

  bool has_issue(detail::ReadIssueKind kind) const {
    return std::any_of(issues.begin(), issues.end(),
                       [kind](const auto& i) { return i.kind == kind; });
  }
};

// Feeds `bytes` in pieces of `piece` bytes, decoding as it goes, then ends the input.
inline Decoded decode_bytes(std::string_view bytes, std::size_t piece = std::string_view::npos) {
  Decoded d;
  detail::BinaryReader reader([&d](const detail::ReadIssue& i) { d.issues.push_back(i); });
  std::optional<detail::TextLayout> layout;
  std::uint64_t generation = ~std::uint64_t{0};
  fmt::memory_buffer out;
  const auto drain = [&] {
    while (reader.next()) {
      if (generation != reader.header_generation()) {
        generation = reader.header_generation();
        layout.emplace(reader.header().pattern, reader.header().utc, reader.header().append_fields);
      }
      const LogEvent e = reader.event();
      layout->format(e, out);
      d.messages.emplace_back(e.message());
      d.chunk_offsets.push_back(reader.chunk_offset());
      d.site_ids.push_back(e.site().id);
    }
  };
  for (std::size_t at = 0; at < bytes.size(); at += std::min(piece, bytes.size() - at)) {
    const std::size_t n = std::min(piece, bytes.size() - at);
    reader.feed(bytes.data() + at, n);
    drain();
  }
  reader.finish();
  drain();
  d.text.assign(out.data(), out.size());
  d.counters = reader.counters();
  d.fatal = reader.fatal();
  return d;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline Decoded decode_file(const std::string& path) {
  return decode_bytes(read_file(path));
}

}  // namespace ringlog::test
