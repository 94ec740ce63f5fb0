// The hot path never allocates once the thread's ring exists: global operator new and malloc are
// replaced by counting versions, and 1M log calls must leave the logging thread's count at zero.
#include <catch2/catch.hpp>

#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

// Our operator new calls malloc, so our operator delete must call free: the pairing is right.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
// Per thread, so the backend's own (allowed) allocations do not count against the producer.
thread_local std::uint64_t t_allocations = 0;
}  // namespace

void* operator new(std::size_t n) {
  ++t_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  ++t_allocations;
  const std::size_t align = static_cast<std::size_t>(a);
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

// malloc itself, for anything that bypasses operator new (fmt, libc).
extern "C" void* malloc(std::size_t n) {
  using Malloc = void* (*)(std::size_t);
  static const Malloc real = reinterpret_cast<Malloc>(dlsym(RTLD_NEXT, "malloc"));
  ++t_allocations;
  return real(n);
}

TEST_CASE("1M log calls after preallocate() allocate nothing on the logging thread") {
  ringlog::Config config;
  config.queue_bytes = 1 << 16;  // small: the ring wraps and fills many times
  ringlog::test::ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("alloc");
  ringlog::preallocate();
  const std::string order_id = "ORD-0000000000000042";
  // First call at each statement registers it; do that before counting (also allocation-free,
  // but not what this test is about).
  auto log_all = [&](int i) {
    RLOG_INFO(log, "order {} filled {} @ {:.2f}", i, 100, 101.25);
    RLOG_INFO(log, "id {} venue {}", order_id, "XNAS");
    RLOG_DEBUG(log, "disabled {}", i);
  };
  log_all(-1);
  const std::uint64_t before = t_allocations;
  for (int i = 0; i < 500000; ++i) log_all(i);
  const std::uint64_t during = t_allocations - before;
  ringlog::flush();
  CHECK(during == 0);
  // The records really went through (block policy: none dropped).
  CHECK(capture.sink().records().size() == 2 * 500001);
}

TEST_CASE("the counting allocator does count (the test above can fail)") {
  const std::uint64_t before = t_allocations;
  auto* p = new std::string(100, 'x');
  delete p;
  void* m = std::malloc(10);
  std::free(m);
  CHECK(t_allocations - before >= 3);
}
