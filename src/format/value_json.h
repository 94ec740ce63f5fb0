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

}  // namespace ringlog::detail
