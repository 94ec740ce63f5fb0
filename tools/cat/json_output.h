// ringlog-cat --json: one JSON object per record, one per line: the JSON sink's layout
// (src/format/json_layout.h) with "args", each argument of the message typed.
#pragma once

#include <fmt/format.h>

#include "format/json_layout.h"
#include "ringlog/sinks.h"

namespace ringlog::cat {

class JsonRecords {
 public:
  // Appends {"time":..,"level":..,...,"context":{..},"fields":{..},"args":[...]} and '\n'.
  // Arguments keep their type: numbers (non-finite floats as "nan"/"inf"/"-inf"), true/false,
  // strings (chars and pointers too). Valid JSON and UTF-8 whatever the strings hold. Not
  // thread-safe (the layout caches the formatted second).
  void append(const LogEvent& event, fmt::memory_buffer& out) { layout_.format(event, out); }

 private:
  detail::JsonLayout layout_{detail::JsonLayoutOptions{.args = true}};
};

}  // namespace ringlog::cat
