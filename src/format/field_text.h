// Strings and fields as text sinks print them: the one escaping scheme of text output.
#pragma once

#include <fmt/format.h>

#include <span>
#include <string_view>

#include "ringlog/field.h"

namespace ringlog::detail {

// Appends `text` so that it cannot break the line or reach a terminal as a control code: \n \r
// \t are written as such, every other byte below 0x20 and 0x7F as \xNN (lowercase hex). Every
// other byte, from 0x80 up included (UTF-8, valid or not), passes unchanged. `quoted`: the text
// is wrapped in '"' when it is empty or holds a space, a control byte, '"', '=' or '\', and
// inside the quotes '"' and '\' are escaped with '\' as well. Messages and names are written
// unquoted, field keys and values quoted: one scheme for all of them (docs/reliability.md).
void append_escaped(fmt::memory_buffer& out, std::string_view text, bool quoted = false);

// True when `text` holds a byte append_escaped() would escape unquoted (below 0x20, or 0x7F).
bool has_control_bytes(std::string_view text) noexcept;

// Appends " key=value" for each field, context first, then the call's own (nothing when both
// are empty). Numbers print as fmt does ("{}"), bools as true/false; keys and string values as
// append_escaped(..., quoted = true).
void append_fields_text(fmt::memory_buffer& out, std::span<const Field> context,
                        std::span<const Field> fields);

}  // namespace ringlog::detail
