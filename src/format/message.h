// Record arguments -> the rendered message. The one formatting path: the live backend, sync
// loggers and the offline decoder all come through here.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <span>
#include <string_view>

#include "format/format_plan.h"
#include "ringlog/detail/arg_codec.h"
#include "ringlog/sinks.h"
#include "values/arg_walk.h"

namespace ringlog::detail {

// Appends `format` applied to the encoded `args` (typed by the type code `code`, the message's
// arguments only) to `out`. `formatters` serves formatter-only values (CallSite::formatters).
// Returns false, and appends a "<bad record: ...>" note instead, when the bytes do not match the
// code or fmt rejects the format at run time (possible only for data from outside this process).
// `clean`, when given, is set when the appended text is known to hold no control byte (only
// numbers and clean literals), so the text layout need not scan it.
bool format_message(std::string_view format, std::span<const std::uint8_t> code,
                    std::span<const std::byte> args, fmt::memory_buffer& out,
                    const RawFormatter* formatters = nullptr, bool* clean = nullptr);

// format_message() with the plan of `format` given (plan_format(format)): no look-up.
bool format_planned(const FormatPlan& plan, std::string_view format,
                    std::span<const std::uint8_t> code, std::span<const std::byte> args,
                    fmt::memory_buffer& out, const RawFormatter* formatters = nullptr,
                    bool* clean = nullptr);

// Appends `event.message()` escaped as append_escaped() does (the text layout's {message}).
// Formats straight into `out` when no sink has asked for message() yet: no copy of the text.
// `plan`, when given, is plan_format() of the site's format string (saves the look-up).
void append_message_text(fmt::memory_buffer& out, const LogEvent& event);
void append_message_text(fmt::memory_buffer& out, const LogEvent& event, const FormatPlan& plan);

}  // namespace ringlog::detail
