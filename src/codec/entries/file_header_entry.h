// file_header: what the run was (process, host, layout, clock anchor). Opens every segment and
// every refresh of the definitions.
#pragma once

#include <cstddef>

#include "codec/entries/clock.h"
#include "codec/entries/entry_io.h"
#include "codec/file_header.h"

namespace ringlog::detail {

// file_header := pid:varint start_unix_ns:zigzag anchor utc:u8 pattern:string host:string
//                program:string writer:string [1.1: append_fields:u8]
struct FileHeaderEntry {
  static constexpr EntryKind kKind = EntryKind::file_header;
  FileHeader header;  // decode leaves the format version (from the preamble) as it was

  // The whole entry at most: head, length, pid, start time, anchor, two flags, four strings.
  static std::size_t bound(const FileHeader& h) noexcept {
    return 4 * kMaxVarintBytes + kAnchorBytes + 2 + string_bound(h.pattern.size()) +
           string_bound(h.host.size()) + string_bound(h.program.size()) +
           string_bound(h.writer.size());
  }
  void encode(EntryBody& body) const {
    put_varint(body, header.pid);
    put_varint(body, zigzag(header.start_unix_ns));
    put_anchor(body, header.anchor);
    put_u8(body, header.utc ? 1 : 0);
    put_string(body, header.pattern);
    put_string(body, header.host);
    put_string(body, header.program);
    put_string(body, header.writer);
    put_u8(body, header.append_fields ? 1 : 0);  // 1.1
  }
  static EntryError decode(ByteReader& in, FileHeaderEntry& e) {
    FileHeader& h = e.header;
    h.pid = in.varint();
    h.start_unix_ns = in.signed_varint();
    h.anchor = read_anchor(in);
    h.utc = in.u8() != 0;
    h.pattern = in.string();
    h.host = in.string();
    h.program = in.string();
    h.writer = in.string();
    if (!in.empty()) h.append_fields = in.u8() != 0;  // format 1.1
    return in.ok() ? EntryError{} : EntryError{"malformed file header"};
  }
};

}  // namespace ringlog::detail
