// ringlog-cat --json: one JSON object per record, one per line.
#pragma once

#include <fmt/format.h>

#include "ringlog/sinks.h"

namespace ringlog::cat {

// Appends {"time":"2024-05-01T12:00:00.123456789Z","level":"INFO","logger":..,"thread":..,
// "tid":..,"source":"file.cpp:42","function":..,"message":..,"args":[...]} and '\n'.
// Arguments keep their type: numbers (non-finite floats as "nan"/"inf"/"-inf"), true/false,
// strings (chars and pointers too). Valid JSON and UTF-8 whatever the strings hold.
void append_json_record(const LogEvent& event, fmt::memory_buffer& out);

}  // namespace ringlog::cat
