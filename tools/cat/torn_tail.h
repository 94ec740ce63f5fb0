// A text or JSON Lines file whose writer was killed mid-write may end in part of a line. Before
// more lines are appended, that part is ended and marked, so it never reads as a record (a cut
// "seq 42161" reads as a valid, wrong "seq 421").
#pragma once

#include <string>

namespace ringlog::cat {

// The line added after a cut one: text, or a JSON object for JSON Lines files.
inline constexpr const char* kTornTextMarker =
    "ringlog: the previous line is incomplete (its writer was killed while writing it)\n";
inline constexpr const char* kTornJsonMarker =
    "{\"ringlog\":\"the previous line is incomplete (its writer was killed while writing it)\"}\n";

// Opens `path` for appending (created 0644 if missing). When it ends without '\n', writes '\n'
// and the marker. Returns the descriptor, or -1 with `error` set ("path: reason").
int open_for_append(const std::string& path, bool json, std::string& error);

}  // namespace ringlog::cat
