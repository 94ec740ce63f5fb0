// Level names and parse_level(): the text a user writes in a config or on a command line.
#include "ringlog/level.h"

#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

using ringlog::Level;
using ringlog::level_name;
using ringlog::parse_level;
using namespace std::string_view_literals;

TEST_CASE("each level's name parses back to that level") {
  const std::vector<std::pair<std::string_view, Level>> names = {
      {"trace", Level::trace}, {"debug", Level::debug}, {"info", Level::info},
      {"warn", Level::warn},   {"error", Level::error}, {"critical", Level::critical},
      {"off", Level::off}};
  for (const auto& [name, level] : names) {
    INFO(name);
    CHECK(parse_level(name) == level);
  }
}

TEST_CASE("the usual short and long spellings are accepted") {
  CHECK(parse_level("warning") == Level::warn);
  CHECK(parse_level("err") == Level::error);
  CHECK(parse_level("crit") == Level::critical);
}

TEST_CASE("level names are case-insensitive") {
  CHECK(parse_level("INFO") == Level::info);
  CHECK(parse_level("Warn") == Level::warn);
  CHECK(parse_level("cRiTiCaL") == Level::critical);
  CHECK(parse_level("TRACE") == Level::trace);
  CHECK(parse_level("WARNING") == Level::warn);
  CHECK(parse_level("Off") == Level::off);
}

TEST_CASE("anything else is not a level: empty, padded, partial, numeric or unknown") {
  const std::vector<std::string_view> bad = {
      "",       " info",  "info ",    "in fo",    "inf",         "infos",   "inform",
      "warnin", "critic", "5",        "2",        "fatal",       "verbose", "none",
      "all",    "info\n", "\0info"sv, "info\0"sv, "inf\xc3\xb6", "LEVEL"};
  for (const std::string_view text : bad) {
    INFO("input: \"" << std::string(text) << "\" (" << text.size() << " bytes)");
    CHECK_FALSE(parse_level(text).has_value());
  }
}

TEST_CASE("the printed name is five characters wide and parses back once trimmed") {
  for (int i = 0; i <= static_cast<int>(Level::off); ++i) {
    const auto level = static_cast<Level>(i);
    const std::string_view name = level_name(level);
    INFO(name);
    CHECK(name.size() == 5);
    const std::string_view trimmed = name.substr(0, name.find_last_not_of(' ') + 1);
    // "CRIT " is the short spelling; the others are the full names.
    CHECK(parse_level(trimmed) == level);
  }
  CHECK(level_name(Level::info) == "INFO ");
  CHECK(level_name(Level::critical) == "CRIT ");
}

TEST_CASE("a value outside the enum prints as a placeholder, never out of bounds") {
  CHECK(level_name(static_cast<Level>(7)) == "?????");
  CHECK(level_name(static_cast<Level>(255)) == "?????");
}

TEST_CASE("with the default RINGLOG_ACTIVE_LEVEL every level is compiled in") {
  STATIC_REQUIRE(ringlog::compiled_in(Level::trace));
  STATIC_REQUIRE(ringlog::compiled_in(Level::critical));
}
