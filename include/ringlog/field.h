// Structured fields: a key with a number or string value. Sinks see a record's context fields
// (ringlog::Context) and its own kv() fields in this form.
#pragma once

#include <cstdint>
#include <string_view>
#include <variant>

namespace ringlog {

// A field's value. Signed integers widen to int64, unsigned ones to uint64, floats to double;
// chars and strings are strings. A string_view points into ringlog's storage: valid only as long
// as the LogEvent it came from.
using FieldValue = std::variant<std::int64_t, std::uint64_t, double, bool, std::string_view>;

struct Field {
  std::string_view key;
  FieldValue value;
};

}  // namespace ringlog
