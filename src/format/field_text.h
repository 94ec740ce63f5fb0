// Fields -> text: `key=value` pairs as text sinks print them after the message.
#pragma once

#include <fmt/format.h>

#include <span>

#include "ringlog/field.h"

namespace ringlog::detail {

// Appends " key=value" for each field, context first, then the call's own (nothing when both
// are empty). Numbers print as fmt does ("{}"), bools as true/false. A key or string value is
// quoted when it is empty or holds a space, control character, '"', '=' or '\': inside the
// quotes '"' and '\' are escaped with '\', \n \r \t as such and other control bytes as \xNN.
void append_fields_text(fmt::memory_buffer& out, std::span<const Field> context,
                        std::span<const Field> fields);

}  // namespace ringlog::detail
