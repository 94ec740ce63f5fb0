// Context scopes, snapshots, exchanges and kv() fields allocate nothing on the logging thread
// once its ring exists: operator new and malloc are replaced by counting versions (per thread,
// so the backend's allowed allocations do not count).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>
#include <string>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

// Our operator new calls malloc, so our operator delete must call free: the pairing is right.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
thread_local std::uint64_t t_allocations = 0;
}  // namespace

extern "C" void* __libc_malloc(std::size_t);  // glibc's own, under the replaced malloc

extern "C" void* malloc(std::size_t n) {
  ++t_allocations;
  return __libc_malloc(n);
}
void* operator new(std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  ++t_allocations;
  const auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

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
  const std::uint64_t before = t_allocations;
  for (int i = 0; i < 50000; ++i) one_order(i);
  const std::uint64_t during = t_allocations - before;
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

TEST_CASE("the counting allocator counts (so the test above can fail)") {
  const std::uint64_t before = t_allocations;
  auto* p = new std::string(100, 'x');
  delete p;
  void* m = std::malloc(10);
  std::free(m);
  CHECK(t_allocations - before >= 2);
}
