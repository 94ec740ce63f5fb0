// ringlog::Context on its own thread: nesting, overriding, restoring, limits, snapshots.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "context/context_codec.h"
#include "context/thread_context.h"
#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

using ringlog::Context;
using ringlog::test::render_fields;

namespace {

// The calling thread's context as "k=v k=v".
std::string current() {
  return render_fields(ringlog::detail::current_context_fields());
}

std::string resolved(const ringlog::ContextSnapshot& snap) {
  ringlog::Field fields[ringlog::kContextMaxFields];
  bool complete = false;
  const std::size_t n = ringlog::detail::resolve_context(
      ringlog::detail::ContextAccess::entries(snap), fields, complete);
  REQUIRE(complete);
  return render_fields({fields, n});
}

enum class Side : unsigned char { buy = 1, sell = 2 };

}  // namespace

TEST_CASE("nested scopes add fields, an inner key overrides in place, leaving restores") {
  ringlog::test::ScopedCapture capture;  // drains the context records the scopes send
  REQUIRE(current().empty());
  {
    Context outer{{"order_id", 42}, {"venue", "XNAS"}};
    CHECK(current() == "order_id=42 venue=XNAS");
    {
      Context inner{{"venue", std::string("BATS")}, {"leg", 2u}};
      CHECK(current() == "order_id=42 venue=BATS leg=2");
      {
        Context innermost{{"px", 101.25}, {"ok", true}, {"side", Side::sell}, {"c", 'x'}};
        CHECK(current() == "order_id=42 venue=BATS leg=2 px=101.25 ok=true side=2 c=x");
      }
      CHECK(current() == "order_id=42 venue=BATS leg=2");
    }
    CHECK(current() == "order_id=42 venue=XNAS");
  }
  CHECK(current().empty());
}

TEST_CASE("a snapshot restores as a new scope on top of the thread's own context") {
  ringlog::test::ScopedCapture capture;
  ringlog::ContextSnapshot snap;
  {
    Context c{{"request", "r-1"}, {"user", -7}};
    snap = ringlog::capture_context();
  }
  CHECK(snap.entries() == 2);
  CHECK(resolved(snap) == "request=r-1 user=-7");
  Context mine{{"worker", 3}, {"user", 0}};
  {
    Context restore{snap};
    CHECK(current() == "worker=3 user=-7 request=r-1");
  }
  CHECK(current() == "worker=3 user=0");
}

TEST_CASE("exchange_context swaps the whole context and hands back the previous one") {
  ringlog::test::ScopedCapture capture;
  Context base{{"thread_ctx", 1}};
  ringlog::ContextSnapshot task;
  {
    Context t{{"task", 9}};
    task = ringlog::capture_context();
  }
  // Only the task's fields while it is swapped in; a scope opened then closes in it too.
  ringlog::ContextSnapshot saved = ringlog::exchange_context(task);
  CHECK(current() == "thread_ctx=1 task=9");  // the snapshot held the base scope too
  {
    Context step{{"step", "price"}};
    CHECK(current() == "thread_ctx=1 task=9 step=price");
    task = ringlog::exchange_context(saved);  // suspend inside the scope
    CHECK(current() == "thread_ctx=1");
    saved = ringlog::exchange_context(task);  // resume (anywhere): the scope is still open
    CHECK(current() == "thread_ctx=1 task=9 step=price");
  }
  CHECK(current() == "thread_ctx=1 task=9");
  ringlog::exchange_context(saved);
  CHECK(current() == "thread_ctx=1");
}

TEST_CASE("long keys and strings are cut, the string ending in '...'") {
  ringlog::test::ScopedCapture capture;
  const std::string long_key(100, 'k');
  const std::string long_value(200, 'v');
  Context c{{long_key, long_value}};
  const auto fields = ringlog::detail::current_context_fields();
  REQUIRE(fields.size() == 1);
  CHECK(fields[0].key == std::string(ringlog::kContextMaxKey, 'k'));
  const auto value = std::get<std::string_view>(fields[0].value);
  CHECK(value.size() == ringlog::kContextMaxString);
  std::string expected(ringlog::kContextMaxString - 3, 'v');
  expected.append("...");  // (not operator+: g++ 12 warns falsely about it at -O3)
  CHECK(value == expected);
}

TEST_CASE("fields past the count limit are left out and counted in ctx_dropped") {
  ringlog::test::ScopedCapture capture;
  std::vector<std::unique_ptr<Context>> scopes;
  for (int i = 0; i < 20; ++i) {
    scopes.push_back(std::make_unique<Context>(
        std::initializer_list<ringlog::ContextField>{{fmt::format("f{}", i), i}}));
  }
  const auto fields = ringlog::detail::current_context_fields();
  REQUIRE(fields.size() == ringlog::kContextMaxFields);
  // 15 fields fit with one entry kept for the marker, which counts the 5 scopes that lost theirs.
  CHECK(fields[14].key == "f14");
  CHECK(fields.back().key == "ctx_dropped");
  CHECK(std::get<std::uint64_t>(fields.back().value) == 5);
  while (scopes.size() > 15) scopes.pop_back();  // the marker goes with the scopes that lost
  CHECK(ringlog::detail::current_context_fields().size() == 15);
  scopes.clear();
  CHECK(current().empty());
}

TEST_CASE("fields past the byte limit are left out and counted in the scope's marker") {
  ringlog::test::ScopedCapture capture;
  const std::string value(60, 'x');
  Context big{{"a", value}, {"b", value}, {"c", value}, {"d", value}, {"e", value}};
  const auto fields = ringlog::detail::current_context_fields();
  // 3 entries of 64 bytes fit in 256 with the marker's 21 reserved; d and e do not.
  REQUIRE(fields.size() == 4);
  CHECK(fields[2].key == "c");
  CHECK(fields[3].key == "ctx_dropped");
  CHECK(std::get<std::uint64_t>(fields[3].value) == 2);
  {
    Context small{{"n", 1}};  // still fits: 11 bytes
    CHECK(ringlog::detail::current_context_fields().size() == 5);
  }
}

TEST_CASE("a scope ended out of order leaves the thread's context intact") {
  ringlog::test::ScopedCapture capture;
  auto outer = std::make_unique<Context>(std::initializer_list<ringlog::ContextField>{{"a", 1}});
  auto inner = std::make_unique<Context>(std::initializer_list<ringlog::ContextField>{{"b", 2}});
  outer.reset();  // cuts below the inner scope
  CHECK(current().empty());
  Context other{{"c", 3}};
  inner.reset();  // its mark is now past the end: nothing happens
  CHECK(current() == "c=3");
}

TEST_CASE("decoding corrupt context bytes never reads out of bounds") {
  std::mt19937 rng(7);
  ringlog::Field fields[ringlog::kContextMaxFields];
  std::size_t complete_count = 0;
  for (int round = 0; round < 20000; ++round) {
    std::vector<std::byte> bytes(rng() % 64);
    for (auto& b : bytes) b = static_cast<std::byte>(rng() % 20);  // small: plausible types
    bool complete = false;
    const std::size_t n = ringlog::detail::resolve_context(bytes, fields, complete);
    REQUIRE(n <= ringlog::kContextMaxFields);
    for (std::size_t i = 0; i < n; ++i) {
      const auto* base = reinterpret_cast<const char*>(bytes.data());
      REQUIRE(fields[i].key.data() >= base);
      REQUIRE(fields[i].key.data() + fields[i].key.size() <= base + bytes.size());
    }
    if (complete) ++complete_count;
  }
  CHECK(complete_count > 0);  // some random inputs are valid entries
  CHECK(complete_count < 20000);
}
