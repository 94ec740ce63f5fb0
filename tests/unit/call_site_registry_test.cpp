// The call-site registry on its own: register_call_site() per (statement slot, logger),
// find_call_site() by ID. The registry is process-wide, so counts are taken as differences.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ringlog/detail/call_site.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/logger.h"

using ringlog::detail::call_site_count;
using ringlog::detail::CallSite;
using ringlog::detail::find_call_site;
using ringlog::detail::register_call_site;
using ringlog::detail::SiteSlot;
using ringlog::detail::SourceSite;

namespace {

const ringlog::detail::ArgSignature& int_signature() {
  return ringlog::detail::Signature<1, int>::value;
}

// Registers `slot` for `logger` as a statement at `line` with one int argument.
std::uint32_t register_at(SiteSlot& slot, ringlog::Logger& logger, std::uint32_t line,
                          std::span<const std::string_view> keys = {}) {
  const SourceSite source{"src/registry_case.cpp", "handler", line, ringlog::Level::warn};
  return register_call_site(slot, source, logger, "value {}", int_signature(), keys);
}

}  // namespace

TEST_CASE("registering the same statement for the same logger again returns the same ID") {
  ringlog::Logger& log = ringlog::get_logger("registry.same");
  SiteSlot slot;
  const std::uint32_t count_before = call_site_count();
  const std::uint32_t id = register_at(slot, log, 10);
  CHECK(call_site_count() == count_before + 1);
  CHECK(register_at(slot, log, 10) == id);
  CHECK(register_at(slot, log, 10) == id);
  CHECK(call_site_count() == count_before + 1);
  // The slot caches (logger id, site id) for the hot path.
  const std::uint64_t cached = slot.cached.load();
  CHECK(ringlog::detail::slot_logger_id(cached) == log.id());
  CHECK(ringlog::detail::slot_site_id(cached) == id);
}

TEST_CASE("a registered site is found by its ID with everything the statement said") {
  ringlog::Logger& log = ringlog::get_logger("registry.find");
  SiteSlot slot;
  const std::uint32_t id = register_at(slot, log, 77);
  const CallSite* site = find_call_site(id);
  REQUIRE(site != nullptr);
  CHECK(site->id == id);
  CHECK(site->line == 77);
  CHECK(site->level == ringlog::Level::warn);
  CHECK(site->logger == &log);
  CHECK(site->logger_name == "registry.find");
  CHECK(site->file == "src/registry_case.cpp");
  CHECK(site->function == "handler");
  CHECK(site->format == "value {}");
  CHECK(site->arg_count == 1);
  CHECK(site->type_code == int_signature().code);
  CHECK(site->field_count == 0);
}

TEST_CASE("an ID never registered finds nothing") {
  CHECK(find_call_site(call_site_count()) == nullptr);
  CHECK(find_call_site(call_site_count() + 1000) == nullptr);
  CHECK(find_call_site(0xFFFF'FFFFu) == nullptr);
}

TEST_CASE("one statement used with several loggers gets one ID per logger") {
  ringlog::Logger& a = ringlog::get_logger("registry.multi-a");
  ringlog::Logger& b = ringlog::get_logger("registry.multi-b");
  SiteSlot slot;
  const std::uint32_t id_a = register_at(slot, a, 5);
  const std::uint32_t id_b = register_at(slot, b, 5);
  CHECK(id_a != id_b);
  CHECK(register_at(slot, a, 5) == id_a);  // back to the first logger: found, not re-added
  CHECK(register_at(slot, b, 5) == id_b);
  REQUIRE(find_call_site(id_a) != nullptr);
  REQUIRE(find_call_site(id_b) != nullptr);
  CHECK(find_call_site(id_a)->logger_name == "registry.multi-a");
  CHECK(find_call_site(id_b)->logger_name == "registry.multi-b");
}

TEST_CASE("IDs are consecutive and unique, and sites never move as the registry grows") {
  ringlog::Logger& log = ringlog::get_logger("registry.many");
  constexpr std::uint32_t kSites = 5000;  // more than one chunk of the registry
  std::vector<SiteSlot> slots(kSites);
  std::vector<std::uint32_t> ids;
  std::vector<const CallSite*> first_seen;
  for (std::uint32_t i = 0; i < kSites; ++i) {
    ids.push_back(register_at(slots[i], log, 1000 + i));
    first_seen.push_back(find_call_site(ids.back()));
  }
  for (std::uint32_t i = 1; i < kSites; ++i) REQUIRE(ids[i] == ids[i - 1] + 1);
  for (std::uint32_t i = 0; i < kSites; ++i) {
    const CallSite* site = find_call_site(ids[i]);
    REQUIRE(site == first_seen[i]);  // same address after thousands more registrations
    REQUIRE(site->id == ids[i]);
    REQUIRE(site->line == 1000 + i);
    REQUIRE(register_at(slots[i], log, 1000 + i) == ids[i]);  // stable
  }
}

TEST_CASE("threads registering the same statements at once get one ID per statement") {
  ringlog::Logger& log = ringlog::get_logger("registry.race");
  constexpr int kThreads = 4;
  constexpr std::uint32_t kStatements = 300;
  std::vector<SiteSlot> slots(kStatements);
  std::vector<std::vector<std::uint32_t>> seen(kThreads);
  const std::uint32_t count_before = call_site_count();
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        // Each thread walks the statements from a different starting point, so first
        // registrations of a slot happen on different threads.
        for (std::uint32_t k = 0; k < kStatements; ++k) {
          const std::uint32_t i = (k + static_cast<std::uint32_t>(t) * 75) % kStatements;
          seen[static_cast<std::size_t>(t)].push_back(register_at(slots[i], log, i));
        }
      });
    }
  }
  CHECK(call_site_count() == count_before + kStatements);
  std::vector<std::uint32_t> by_slot(kStatements);
  for (int t = 0; t < kThreads; ++t) {
    for (std::uint32_t k = 0; k < kStatements; ++k) {
      const std::uint32_t i = (k + static_cast<std::uint32_t>(t) * 75) % kStatements;
      const std::uint32_t id = seen[static_cast<std::size_t>(t)][k];
      if (t == 0) by_slot[i] = id;
      REQUIRE(id == by_slot[i]);
    }
  }
  const std::set<std::uint32_t> distinct(by_slot.begin(), by_slot.end());
  CHECK(distinct.size() == kStatements);
  for (std::uint32_t i = 0; i < kStatements; ++i) {
    const CallSite* site = find_call_site(by_slot[i]);
    REQUIRE(site != nullptr);
    CHECK(site->line == i);
  }
}

TEST_CASE("kv() keys are kept with the site, shared by every logger at the statement") {
  ringlog::Logger& a = ringlog::get_logger("registry.keys-a");
  ringlog::Logger& b = ringlog::get_logger("registry.keys-b");
  SiteSlot slot;
  std::array<std::string_view, 2> keys = {"px", "qty"};
  const CallSite* site_a = find_call_site(register_at(slot, a, 9, keys));
  keys = {"overwritten", "too"};  // the registry keeps its own copy of the array
  const CallSite* site_b = find_call_site(register_at(slot, b, 9, keys));
  REQUIRE(site_a != nullptr);
  REQUIRE(site_b != nullptr);
  REQUIRE(site_a->field_count == 2);
  CHECK(site_a->field_keys[0] == "px");
  CHECK(site_a->field_keys[1] == "qty");
  CHECK(site_b->field_keys == site_a->field_keys);
}
