// JSON string escaping: any bytes in, a valid JSON string literal out. Shared by the JSON sink
// and the decoder's --json output so both print exactly the same thing.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace ringlog::detail {

// Appends `text` to `out` as a quoted JSON string. Quotes and backslashes are escaped, control
// characters (U+0000..U+001F, U+007F) become \n, \t, ... or \u00XX, and every byte that is not
// part of a well-formed UTF-8 sequence (stray continuation bytes, overlong forms, surrogates,
// code points past U+10FFFF, truncated sequences) becomes U+FFFD, one per maximal bad subpart.
// Valid UTF-8 is copied as is. Never throws but for fmt's buffer allocation; O(size).
void append_json_string(fmt::memory_buffer& out, std::string_view text);

// The same as a new string, for tools and tests.
std::string json_quote(std::string_view text);

}  // namespace ringlog::detail
