// Severity levels, lowest to highest.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ringlog {

enum class Level : std::uint8_t { trace = 0, debug, info, warn, error, critical, off };

// Fixed-width (5 characters) upper-case name used in text layouts, e.g. "INFO ".
std::string_view level_name(Level level) noexcept;
// True when calls at `level` are compiled in (see RINGLOG_ACTIVE_LEVEL below).
constexpr bool compiled_in(Level level) noexcept;

// Parses "trace", "INFO", "warning", "crit", ... (case-insensitive); nullopt when unknown.
std::optional<Level> parse_level(std::string_view text) noexcept;

}  // namespace ringlog

// Compile-time threshold: calls below it compile to nothing. Define it before including ringlog
// (0 = trace ... 5 = critical). Default: everything is compiled in and filtered at run time.
#ifndef RINGLOG_ACTIVE_LEVEL
#define RINGLOG_ACTIVE_LEVEL 0
#endif

namespace ringlog {
constexpr bool compiled_in(Level level) noexcept {
  // Difference in int, so the compiler does not flag "unsigned >= 0" as always true.
  return static_cast<int>(level) - RINGLOG_ACTIVE_LEVEL >= 0;
}
}  // namespace ringlog
