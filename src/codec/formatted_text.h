// Formatter-only values in binary logs. A value logged through its own fmt::formatter
// (ArgType::kFormatted) can be formatted only by the program that logged it, so the binary sink
// stores its text instead: the call site's type code says kString there, and each record's
// value becomes its "{}" text. A decoder then prints it like any string.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "ringlog/detail/value_codec.h"

namespace ringlog::detail {

// `code` (whole argument types, message and fields) with every kFormatted type replaced by
// kString; empty when it has none (the code can be written as it is). `code` is well formed (it
// comes from a live call site).
std::vector<std::uint8_t> code_with_text(std::span<const std::uint8_t> code);

// Replaces `out` with `args` (typed by `code`) where each kFormatted value is its text, as
// `formatters` format it with "{}" (a formatter that throws gives "<format error: ...>").
// Returns false when the bytes do not match the code.
bool args_with_text(std::span<const std::uint8_t> code, std::span<const std::byte> args,
                    const RawFormatter* formatters, std::vector<std::byte>& out);

}  // namespace ringlog::detail
