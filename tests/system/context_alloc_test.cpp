// Context scopes, snapshots, exchanges and kv() fields allocate nothing on the logging thread
// once its ring exists: operator new and malloc are replaced by counting versions (per thread,
// so the backend's allowed allocations do not count).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>
#include <string>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/counting_allocator.h"

using ringlog::test::allocations_on_this_thread;

TEST_CASE("context scopes, snapshots, exchanges and kv() fields allocate nothing") {
  ringlog::Config config;
  config.queue_bytes = 1 << 16;  // small: the ring wraps many times
  ringlog::test::ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("ctx-alloc");
  ringlog::preallocate();
  const std::string account = "ACC-000000000042";
  auto one_order = [&](int i) {
    ringlog::Context order{{"order_id", i}, {"venue", "XNAS"}, {"account", account}};
    RLOG_INFO(log, "accepted {}", i);
    RLOG_INFO(log, "priced", ringlog::kv("px", 101.25), ringlog::kv("account", account));
    const ringlog::ContextSnapshot snap = ringlog::capture_context();
    {
      ringlog::Context nested{{"leg", i % 3}, {"venue", "BATS"}};
      RLOG_INFO(log, "leg sent");
    }
    const ringlog::ContextSnapshot mine = ringlog::exchange_context({});
    RLOG_INFO(log, "between tasks");
    ringlog::exchange_context(mine);
    ringlog::Context restore{snap};
    RLOG_INFO(log, "restored");
  };
  one_order(-1);  // registers the call sites
  const std::uint64_t before = allocations_on_this_thread();
  for (int i = 0; i < 50000; ++i) one_order(i);
  const std::uint64_t during = allocations_on_this_thread() - before;
  ringlog::flush();
  CHECK(during == 0);
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 5 * 50001);
  // The context really travelled (and the last records carry the last order's).
  CHECK(records.back().context == "order_id=49999 venue=XNAS account=ACC-000000000042");
  CHECK(records[records.size() - 3].context ==
        "order_id=49999 venue=BATS account=ACC-000000000042 leg=1");
  CHECK(records[records.size() - 2].context.empty());
}
