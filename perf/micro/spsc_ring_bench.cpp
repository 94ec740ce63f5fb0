// The per-thread ring (include/ringlog/detail/spsc_ring.h): push/pop cost on one thread (no
// sharing), and the producer's cost while a consumer thread drains concurrently.
#include <benchmark/benchmark.h>
#include <ringlog/detail/spsc_ring.h>

#include <atomic>
#include <cstring>
#include <thread>

namespace {

using ringlog::detail::SpscRing;

void BM_ring_push_pop_same_thread(benchmark::State& state) {
  SpscRing ring(std::size_t{1} << 16);
  const auto bytes = static_cast<std::size_t>(state.range(0));
  for (auto _ : state) {
    std::byte* p = ring.reserve(bytes);
    std::memset(p, 1, 8);  // a header's worth
    ring.commit(bytes);
    const auto r = ring.peek();
    benchmark::DoNotOptimize(r.data);
    ring.release(bytes);
  }
}
BENCHMARK(BM_ring_push_pop_same_thread)->Arg(32)->Arg(64)->Arg(128);

// Producer-side cost per record with a consumer draining on another thread (block when full).
void BM_ring_push_with_consumer(benchmark::State& state) {
  SpscRing ring(std::size_t{1} << 20);
  const auto bytes = static_cast<std::size_t>(state.range(0));
  std::atomic<bool> done{false};
  std::thread consumer([&] {
    // Relaxed: a stop flag only; the ring's own acquire/release orders the data.
    while (!done.load(std::memory_order_relaxed)) {
      const auto r = ring.peek();
      if (r.size != 0) ring.release(r.size);
    }
  });
  for (auto _ : state) {
    std::byte* p;
    while ((p = ring.reserve(bytes)) == nullptr) {
    }
    std::memset(p, 1, 8);
    ring.commit(bytes);
  }
  done.store(true, std::memory_order_relaxed);
  consumer.join();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ring_push_with_consumer)->Arg(32)->Arg(128)->UseRealTime();

}  // namespace
