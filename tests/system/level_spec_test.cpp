// Levels from a spec: the grammar (frontend/level_spec.h), set_levels() and RINGLOG_LEVEL.
#include "frontend/level_spec.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"

using ringlog::Level;
using ringlog::detail::parse_level_spec;

TEST_CASE("a spec sets a level for the others and one per named logger", "[level_spec]") {
  const auto spec = parse_level_spec("info,md=debug,gateway=trace");
  REQUIRE(spec.problems.empty());
  CHECK(spec.others == Level::info);
  REQUIRE(spec.named.size() == 2);
  CHECK(spec.named[0] == std::pair<std::string, Level>{"md", Level::debug});
  CHECK(spec.named[1] == std::pair<std::string, Level>{"gateway", Level::trace});
}

TEST_CASE("level names in any case, spaces and empty entries ignored", "[level_spec]") {
  const auto spec = parse_level_spec(" , WARNING ,  md = Debug,,audit=CRIT, ");
  REQUIRE(spec.problems.empty());
  CHECK(spec.others == Level::warn);
  REQUIRE(spec.named.size() == 2);
  CHECK(spec.named[0] == std::pair<std::string, Level>{"md", Level::debug});
  CHECK(spec.named[1] == std::pair<std::string, Level>{"audit", Level::critical});
  CHECK(parse_level_spec("").named.empty());
  CHECK_FALSE(parse_level_spec("").others.has_value());
}

TEST_CASE("bad entries are described and skipped, the rest kept", "[level_spec]") {
  const auto spec = parse_level_spec("verbose,md=debug,=info,gw=,x=loud,error");
  CHECK(spec.others == Level::error);
  REQUIRE(spec.named.size() == 1);
  CHECK(spec.named[0].first == "md");
  REQUIRE(spec.problems.size() == 4);
  CHECK(spec.problems[0].find("unknown level 'verbose'") != std::string::npos);
  CHECK(spec.problems[0].find("trace, debug, info") != std::string::npos);
  CHECK(spec.problems[1].find("no logger name") != std::string::npos);
  CHECK(spec.problems[2].find("unknown level ''") != std::string::npos);
  CHECK(spec.problems[3].find("'loud'") != std::string::npos);
}

TEST_CASE("control bytes in a bad entry are shown escaped, never raw", "[level_spec]") {
  const std::string hostile = std::string("md=\x1b[2J\n") + std::string(1, '\0') + "x";
  const auto spec = parse_level_spec(hostile);
  REQUIRE(spec.problems.size() == 1);
  for (const char c : spec.problems[0]) {
    const auto u = static_cast<unsigned char>(c);
    REQUIRE((u >= 0x20 && u < 0x7f));
  }
  CHECK(spec.problems[0].find("\\x1b") != std::string::npos);
  CHECK(spec.problems[0].find("\\x00") != std::string::npos);
  const auto name = parse_level_spec(std::string("a\tb\x01=info"));
  CHECK(name.named.empty());
  CHECK(name.problems.size() == 1);
}

TEST_CASE("set_levels applies to existing and later loggers; a bare level restates all",
          "[level_spec]") {
  std::vector<std::string> errors;
  ringlog::Config config;
  config.error_handler = [&](std::string_view m) { errors.emplace_back(m); };
  ringlog::start(config, {});
  ringlog::Logger& md = ringlog::get_logger("spec.md");
  ringlog::Logger& gw = ringlog::get_logger("spec.gw");
  ringlog::Logger& own = ringlog::get_logger("ringlog");
  const Level own_before = own.level();

  CHECK(ringlog::set_levels("warn,spec.md=debug,spec.later=trace"));
  CHECK(md.level() == Level::debug);
  CHECK(gw.level() == Level::warn);
  CHECK(own.level() == own_before);  // ringlog's own reports are not silenced by a bare level
  CHECK(ringlog::get_logger("spec.later").level() == Level::trace);
  CHECK(ringlog::get_logger("spec.new").level() == Level::warn);

  CHECK(ringlog::set_levels("spec.gw=error"));  // no bare level: only spec.gw changes
  CHECK(gw.level() == Level::error);
  CHECK(md.level() == Level::debug);

  CHECK_FALSE(ringlog::set_levels("spec.md=loud,spec.gw=info"));
  CHECK(md.level() == Level::debug);
  CHECK(gw.level() == Level::info);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("set_levels(): unknown level 'loud'") != std::string::npos);

  CHECK(ringlog::set_levels("error"));  // forgets spec.later=trace for loggers created later
  CHECK(md.level() == Level::error);
  CHECK(ringlog::get_logger("spec.later2").level() == Level::error);
  ringlog::set_levels("ringlog=" + std::string(own_before == Level::trace ? "trace" : "info"));
  ringlog::stop();
  ringlog::set_levels("info");
}

TEST_CASE("start() applies RINGLOG_LEVEL and reports its bad entries", "[level_spec]") {
  std::vector<std::string> errors;
  ringlog::Config config;
  config.default_level = Level::info;
  config.error_handler = [&](std::string_view m) { errors.emplace_back(m); };
  ringlog::Logger& existing = ringlog::get_logger("env.existing");
  ::setenv("RINGLOG_LEVEL", "debug,env.md=trace,env.bad=LOUD", 1);
  ringlog::start(config, {});
  ::unsetenv("RINGLOG_LEVEL");
  CHECK(existing.level() == Level::debug);
  CHECK(ringlog::get_logger("env.md").level() == Level::trace);
  CHECK(ringlog::get_logger("env.other").level() == Level::debug);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("RINGLOG_LEVEL: unknown level 'LOUD' in 'env.bad=LOUD'") !=
        std::string::npos);
  ringlog::stop();
  ringlog::set_levels("info");
}
