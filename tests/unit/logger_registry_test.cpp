// The logger registry: get_logger(name) finds each logger by its name among many.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"

TEST_CASE("20,000 loggers: each name maps to its own logger, the same one on every call") {
  constexpr int kLoggers = 20000;
  std::vector<ringlog::Logger*> first;
  first.reserve(kLoggers);
  for (int i = 0; i < kLoggers; ++i) {
    // A name built in a buffer that is reused: the registry must keep its own copy as the key.
    std::string name = "registry.svc-" + std::to_string(i);
    ringlog::Logger& log = ringlog::get_logger(name);
    name.assign("overwritten");
    REQUIRE(log.name() == "registry.svc-" + std::to_string(i));
    first.push_back(&log);
  }
  for (int i = 0; i < kLoggers; ++i) {
    ringlog::Logger& again = ringlog::get_logger("registry.svc-" + std::to_string(i));
    REQUIRE(&again == first[static_cast<std::size_t>(i)]);
  }
  std::vector<ringlog::Logger*> sorted = first;
  std::sort(sorted.begin(), sorted.end());
  CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
  // A name that is a prefix of others is a logger of its own.
  ringlog::Logger& prefix = ringlog::get_logger("registry.svc-1");
  CHECK(&prefix == first[1]);
  ringlog::Logger& shorter = ringlog::get_logger("registry.svc-");
  CHECK(shorter.name() == "registry.svc-");
  for (ringlog::Logger* l : first) REQUIRE(l != &shorter);
}
