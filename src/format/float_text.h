// A double as fmt's "{}" prints it (shortest round-trip digits, exponent form outside
// [1e-4, 1e16)), written straight into the buffer: fmt's general float writer was a third of
// the cost of a text record with one double.
#pragma once

#include <fmt/format.h>

namespace ringlog::detail {

// Appends exactly fmt::format("{}", value). NaN and infinities go through fmt itself.
void append_double(fmt::memory_buffer& out, double value);

// The same text of a finite `value` at `p`, which has kMaxNumberText (number_text.h) bytes of
// room; returns the end.
char* write_double(char* p, double value) noexcept;

}  // namespace ringlog::detail
