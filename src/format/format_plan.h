// A format string parsed once into literal pieces and replacement fields, so formatting a record
// does not re-parse it: fields with no format spec (the common "{}") are written by type-specific
// fast paths, fields with a spec go through fmt with just that field's "{:spec}".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ringlog::detail {

struct FormatPlan {
  struct Piece {
    std::string literal;  // text before the field, "{{" / "}}" already unescaped
    int arg = -1;         // argument index, -1 for trailing text with no field
    std::string field;    // "{:spec}" for fmt when the field has a spec; empty for "{}"
  };
  std::vector<Piece> pieces;
  std::size_t max_arg = 0;        // highest argument index used, plus one
  std::size_t fields = 0;         // pieces with an argument
  std::size_t literal_bytes = 0;  // all pieces' literal text
  bool clean_literals = true;     // no literal holds a byte the text layout escapes
  // Set when the string uses something the plan does not model (nested "{:{}}" width or
  // precision arguments, named fields, unbalanced braces): format the whole string with fmt.
  bool use_fmt = false;
};

// Parses `format`. Never throws on malformed input: such strings get use_fmt = true, and fmt
// reports the error when the record is formatted.
FormatPlan plan_format(std::string_view format);

// The plan for `format`, cached per thread by the string's address and checked against its text.
const FormatPlan& cached_plan(std::string_view format);

}  // namespace ringlog::detail
