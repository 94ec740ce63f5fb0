// A text or JSON Lines file whose writer was killed mid-write may end in part of a line. Before
// more lines are appended, that part is ended and marked, so it never reads as a record (a cut
// "seq 42161" reads as a valid, wrong "seq 421"). The file sinks do it when they open a file,
// ringlog-cat --recover --append before it appends: one wording for both.
#pragma once

#include <string>

namespace ringlog::detail {

// The line added after a cut one: text, or a JSON object for JSON Lines files.
inline constexpr const char* kTornTextMarker =
    "ringlog: the previous line is incomplete (its writer was killed while writing it)\n";
inline constexpr const char* kTornJsonMarker =
    "{\"ringlog\":\"the previous line is incomplete (its writer was killed while writing it)\"}\n";

// What to append to the file at `path` before new lines: "\n" and the marker when it is not
// empty and its last byte is not '\n', else nothing. A file that cannot be read (missing, no
// permission) needs nothing: its open for writing reports the problem. Two system calls.
std::string torn_line_repair(const std::string& path, bool json);

}  // namespace ringlog::detail
