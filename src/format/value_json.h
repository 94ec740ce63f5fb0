// One encoded argument -> JSON, for decoders that show arguments typed (ringlog-cat --json).
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <span>

#include "ringlog/detail/arg_kinds.h"

namespace ringlog::detail {

// Appends the JSON value of a scalar or string argument (`bytes` as for_each_arg() hands them
// over): numbers as numbers (NaN and infinities as the strings "nan", "inf", "-inf"), bools as
// true/false, chars and strings as JSON strings (escaped, invalid UTF-8 replaced), pointers as
// "0x..." strings.
void append_json_scalar(fmt::memory_buffer& out, ArgType kind, std::span<const std::byte> bytes);

// Appends the JSON value of one argument of type code `code` (as for_each_arg() hands them
// over): scalars as above; sequences, sets and tuples as arrays; maps as arrays of [key, value]
// pairs (keys need not be strings); described structs as objects with their field names;
// optionals as the value or null; variants as the value; described enums by name (their
// integer when unnamed); durations, time points, paths, error codes and hex buffers as the
// strings the text sink prints. A malformed value appends null.
void append_json_value(fmt::memory_buffer& out, std::span<const std::uint8_t> code,
                       std::span<const std::byte> bytes);

}  // namespace ringlog::detail
