// Encoded arguments -> text, the way fmt's "{}" prints the same values (fmt/ranges.h and
// fmt/std.h for containers, tuples, variants and paths; fmt/chrono.h for durations). One
// renderer for the live sinks, synchronous loggers and ringlog-cat, so their text is identical.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <span>

#include "ringlog/detail/arg_kinds.h"
#include "ringlog/detail/value_codec.h"

namespace ringlog::detail {

// Appends fmt's "{}" text of a scalar or string argument. `nested` (inside a container, tuple,
// struct, optional or variant) quotes and escapes strings and chars, as fmt's ranges do.
void append_scalar_text(fmt::memory_buffer& out, ArgType kind, std::span<const std::byte> bytes,
                        bool nested = false);

// Appends the text of one argument whose type code is `code` (exactly one type) and whose bytes
// are `bytes`. `formatters` serves kFormatted values (null: they print as a note). Returns false
// on malformed input; `out` then holds a partial text the caller discards. Described structs
// print as Name{field: value, ...}, described enums by name (their integer when unnamed),
// optionals as optional(v) / none, system_clock time points as UTC "YYYY-MM-DD HH:MM:SS" with
// the duration's fractional digits, error codes as category:value, hex buffers as "0a 1b ff",
// and a sequence cut to fit the ring ends in "...[truncated]".
bool append_value_text(fmt::memory_buffer& out, std::span<const std::uint8_t> code,
                       std::span<const std::byte> bytes, const RawFormatter* formatters);

// The leaves' text, shared with the JSON renderer (which quotes it).
void append_duration_text(fmt::memory_buffer& out, std::uint64_t num, std::uint64_t den,
                          ArgType rep, std::span<const std::byte> count);
void append_time_point_text(fmt::memory_buffer& out, std::uint64_t num, std::uint64_t den,
                            ArgType rep, std::span<const std::byte> count);
void append_error_code_text(fmt::memory_buffer& out, std::int32_t value, std::string_view category);
void append_hex_text(fmt::memory_buffer& out, std::span<const std::byte> bytes, bool cut);

}  // namespace ringlog::detail
