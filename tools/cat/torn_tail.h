// The end of a text or JSON Lines file that recovered records are appended to. Its writer was
// killed, so the end may hold (1) part of a line: ended and marked before more lines go in, so it
// never reads as a record (a cut "seq 42161" reads as a valid, wrong "seq 421"); and (2) the
// first of the recovered records already: a sink wrote them, the kill came before the ring was
// told. Those are found by their bytes and not appended again (docs/reliability.md).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sinks/torn_line.h"

namespace ringlog::cat {

// The line added after a cut one (one wording with the file sinks: src/sinks/torn_line.h).
using detail::kTornJsonMarker;
using detail::kTornTextMarker;

// Opens `path` for reading and appending (created 0644 if missing). Returns the descriptor, or
// -1 with `error` set ("path: reason").
int open_for_append(const std::string& path, std::string& error);

// The last bytes of a file: at most `max_bytes` of them, starting at byte `offset`.
struct FileTail {
  std::string bytes;
  std::uint64_t offset = 0;
};
// Reads the last `max_bytes` bytes of `fd`'s file; false with `error` set on a read error.
bool read_tail(int fd, std::size_t max_bytes, const std::string& path, FileTail& tail,
               std::string& error);

// How many of the records laid out in `rendered` (record i ends at ends[i], in order) the file
// already ends with: the largest k whose first k records equal, byte for byte, the complete lines
// at the file's end (a last line without '\n' is left out: it was cut). Such a run starts at a
// line's start. 0 when none does.
std::size_t already_written(const FileTail& tail, std::string_view rendered,
                            const std::vector<std::size_t>& ends);

// When the file ends without '\n': writes '\n' and the marker. False with `error` set when the
// file cannot be read or written.
bool end_torn_line(int fd, bool json, const std::string& path, std::string& error);

}  // namespace ringlog::cat
