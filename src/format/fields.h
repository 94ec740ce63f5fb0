// Encoded field values -> ringlog::Field, for kv() fields in records and for context entries.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "ringlog/detail/arg_codec.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/field.h"

namespace ringlog::detail {

// The value of one encoded argument (`bytes` as for_each_arg() hands them over: a string's
// payload without its length). Pointers become their address as uint64.
FieldValue decode_field_value(ArgType type, std::span<const std::byte> bytes) noexcept;

// Replaces `out` with the kv() fields of a record of `site`. Stops at the first field whose bytes
// are missing or malformed (the fields before it are kept) and returns false then.
bool decode_call_fields(const CallSite& site, std::span<const std::byte> args,
                        std::vector<Field>& out);

}  // namespace ringlog::detail
