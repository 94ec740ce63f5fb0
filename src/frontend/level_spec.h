// The level grammar shared by RINGLOG_LEVEL and ringlog::set_levels():
//
//   spec   := entry ("," entry)*
//   entry  := LEVEL | NAME "=" LEVEL        (spaces around tokens are ignored; empty entries too)
//   LEVEL  := trace | debug | info | warn | warning | error | err | critical | crit | off
//             (any case)
//
// e.g. "info,md=debug,gateway=trace". A bare LEVEL is for every logger the spec does not name;
// NAME=LEVEL for the logger NAME (case-sensitive, as get_logger() names it).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ringlog/level.h"

namespace ringlog::detail {

struct LevelSpec {
  std::optional<Level> others;                       // the last bare LEVEL, if any
  std::vector<std::pair<std::string, Level>> named;  // in spec order; a later entry wins
  std::vector<std::string> problems;                 // one readable line per bad entry
};

// Parses `text`; bad entries are described in `problems` and left out, the rest kept. Never
// throws for any input (control bytes in `text` are shown escaped in the problems).
LevelSpec parse_level_spec(std::string_view text);

// Applied by the logger registry (loggers.cpp): sets the levels of the loggers that exist and
// remembers them for loggers created later. A bare level restates the policy (earlier NAME=LEVEL
// entries are forgotten) and does not apply to the "ringlog" logger (ringlog's own reports).
void apply_level_spec(const LevelSpec& spec);
// Applies RINGLOG_LEVEL when it is set, reporting its bad entries. Called by start().
void apply_level_environment();

}  // namespace ringlog::detail
