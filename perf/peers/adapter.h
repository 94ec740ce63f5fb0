// What one peer's adapter file provides, and the generic measuring loops it is plugged into.
//
// An adapter is a class A with:
//   static constexpr PeerInfo-like fields kKey, kName, kInLatency
//   explicit A(const PeerSetup&)        start the library, logging to a file in setup.dir
//   void prepare_thread()               per producer thread, before any timed call
//   void three_numbers(int, int, double)            "Logging int: {}, int: {}, double: {}"
//   void one_string(const std::string&)             "Logging str: {}"
//   void many_args(const ManyArgs&)                 9 arguments, see ManyArgs
//   void disabled(int, int, double)                 a debug-level call, logger at info
//   void iteration(std::uint64_t, int, double)      "Iteration: {} int: {} double: {}"
//   void finish()                       returns once everything logged is handed to the OS
//   std::uint64_t records_on_disk()     after finish(): records in the output, counted
//   std::filesystem::path file()        the output file
//   ~A()                                stops the library
// Mark the logging methods RINGLOG_PERF_INLINE so every peer's call is inlined into the timed
// loop the same way. Register with `const bool k = perf::register_adapter<A>();`.
#pragma once

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <filesystem>
#include <latch>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/process.h"
#include "common/tsc.h"
#include "peers/peer.h"

#define RINGLOG_PERF_INLINE [[gnu::always_inline]] inline

namespace perf {

// The arguments of the many-arguments shape (9 of them, mixed types).
struct ManyArgs {
  std::uint64_t order_id;
  char side;
  double price;
  int quantity;
  std::string_view venue;
  std::uint64_t sequence;
  std::int64_t timestamp;
  std::uint32_t flags;
  bool is_test;
};

template <class A>
concept Adapter = requires(A a, const std::string& s, const ManyArgs& m, std::uint64_t u, int n,
                           double d) {
  { A::kKey } -> std::convertible_to<std::string_view>;
  { A::kName } -> std::convertible_to<std::string_view>;
  { A::kInLatency } -> std::convertible_to<bool>;
  a.prepare_thread();
  a.three_numbers(n, n, d);
  a.one_string(s);
  a.many_args(m);
  a.disabled(n, n, d);
  a.iteration(u, n, d);
  a.finish();
  { a.records_on_disk() } -> std::convertible_to<std::uint64_t>;
  { a.file() } -> std::convertible_to<std::filesystem::path>;
};

namespace detail {

// Times `call(i)` for every i in [0, out.size()), `burst` calls back to back then a pause.
template <class Call>
void timed_bursts(Call&& call, std::uint64_t* out, std::size_t n, int burst,
                  std::uint64_t pause_ticks) {
  std::size_t i = 0;
  while (i < n) {
    const std::size_t end = std::min(n, i + static_cast<std::size_t>(burst));
    for (; i < end; ++i) {
      const std::uint64_t t0 = fenced_ticks();
      call(i);
      const std::uint64_t t1 = fenced_ticks();
      out[i] = t1 - t0;
    }
    spin_ticks(pause_ticks);
  }
}

inline ManyArgs many_args_for(std::size_t i) noexcept {
  return {i,
          (i & 1) != 0 ? 'B' : 'S',
          100.25 + static_cast<double>(i & 255),
          static_cast<int>(i & 1023),
          "XNAS",
          i * 3,
          static_cast<std::int64_t>(i) << 20,
          static_cast<std::uint32_t>(i & 7),
          (i & 2) != 0};
}

// The timing overhead is narrow and stable: a fifth of the samples (at least 10k) measure it.
inline std::size_t empty_samples(const LatencyPlan& plan) noexcept {
  return std::min(plan.samples_per_thread,
                  std::max<std::size_t>(10'000, plan.samples_per_thread / 5));
}

// One producer thread's part of a latency run: `out` gets warm-up-free samples.
template <Adapter A>
void latency_thread(A& adapter, const LatencyPlan& plan, std::uint64_t* calls,
                    std::uint64_t* empties, std::latch& start) {
  const std::string str20(20, 'a'), str40(40, 'b'), str100(100, 'c');
  std::vector<std::uint64_t> warmup(plan.warmup_per_thread);
  const auto run = [&](std::uint64_t* out, std::size_t n) {
    switch (plan.shape) {
      case Shape::three_numbers:
        timed_bursts(
            [&](std::size_t i) {
              adapter.three_numbers(static_cast<int>(i), static_cast<int>(i) * 2,
                                    static_cast<double>(i) * 0.25);
            },
            out, n, plan.burst, plan.pause_ticks);
        break;
      case Shape::string20:
        timed_bursts([&](std::size_t) { adapter.one_string(str20); }, out, n, plan.burst,
                     plan.pause_ticks);
        break;
      case Shape::string40:
        timed_bursts([&](std::size_t) { adapter.one_string(str40); }, out, n, plan.burst,
                     plan.pause_ticks);
        break;
      case Shape::string100:
        timed_bursts([&](std::size_t) { adapter.one_string(str100); }, out, n, plan.burst,
                     plan.pause_ticks);
        break;
      case Shape::many_args:
        timed_bursts([&](std::size_t i) { adapter.many_args(many_args_for(i)); }, out, n,
                     plan.burst, plan.pause_ticks);
        break;
      case Shape::disabled:
        timed_bursts(
            [&](std::size_t i) {
              adapter.disabled(static_cast<int>(i), static_cast<int>(i) * 2,
                               static_cast<double>(i) * 0.25);
            },
            out, n, plan.burst, plan.pause_ticks);
        break;
    }
  };
  adapter.prepare_thread();
  run(warmup.data(), warmup.size());
  start.arrive_and_wait();
  // The cost of the timing itself, measured the same way around an empty statement.
  timed_bursts([](std::size_t) {}, empties, empty_samples(plan), plan.burst, plan.pause_ticks);
  run(calls, plan.samples_per_thread);
}

// The calls callgrind counts (perf/callgrind/peer_hot_loop.cpp): the latency shapes' calls,
// untimed, in one function of its own.
template <Adapter A>
[[gnu::noinline]] void perf_counted_calls(A& adapter, Shape shape, std::size_t calls,
                                          const std::string& str) {
  for (std::size_t i = 0; i < calls; ++i) {
    switch (shape) {
      case Shape::three_numbers:
        adapter.three_numbers(static_cast<int>(i), static_cast<int>(i) * 2,
                              static_cast<double>(i) * 0.25);
        break;
      case Shape::string20:
      case Shape::string40:
      case Shape::string100:
        adapter.one_string(str);
        break;
      case Shape::many_args:
        adapter.many_args(many_args_for(i));
        break;
      case Shape::disabled:
        adapter.disabled(static_cast<int>(i), static_cast<int>(i) * 2,
                         static_cast<double>(i) * 0.25);
        break;
    }
  }
}

}  // namespace detail

template <Adapter A>
class AdaptedPeer final : public Peer {
 public:
  LatencySamples latency(const LatencyPlan& plan, const PeerSetup& setup) override {
    const std::size_t n = plan.samples_per_thread;
    LatencySamples out;
    out.call_ticks.resize(n * static_cast<std::size_t>(plan.threads));
    const std::size_t empties = detail::empty_samples(plan);
    out.empty_ticks.resize(empties * static_cast<std::size_t>(plan.threads));
    {
      A adapter(setup);
      std::latch start(plan.threads);
      std::vector<std::thread> threads;
      const int cpus = usable_cpus();
      for (int t = 0; t < plan.threads; ++t) {
        threads.emplace_back([&, t] {
          if (plan.pin_threads) pin_this_thread((cpus - 1 - t % cpus + cpus) % cpus);
          const std::size_t offset = n * static_cast<std::size_t>(t);
          detail::latency_thread(adapter, plan, out.call_ticks.data() + offset,
                                 out.empty_ticks.data() + empties * static_cast<std::size_t>(t),
                                 start);
        });
      }
      for (auto& th : threads) th.join();
      adapter.finish();
    }
    return out;
  }

  void counted_calls(Shape shape, std::size_t calls, const PeerSetup& setup) override {
    const std::size_t length = shape == Shape::string20    ? 20
                               : shape == Shape::string40  ? 40
                               : shape == Shape::string100 ? 100
                                                           : 0;
    const std::string str(length, 'b');
    A adapter(setup);
    adapter.prepare_thread();
    detail::perf_counted_calls(adapter, shape, calls, str);
    adapter.finish();
  }

  ThroughputResult throughput(std::uint64_t records, const PeerSetup& setup) override {
    ThroughputResult result;
    A adapter(setup);
    std::thread producer([&] {
      adapter.prepare_thread();
      const auto t0 = std::chrono::steady_clock::now();
      for (std::uint64_t i = 0; i < records; ++i) {
        adapter.iteration(i, static_cast<int>(i & 0xffff), static_cast<double>(i) * 0.5);
      }
      adapter.finish();
      const auto t1 = std::chrono::steady_clock::now();
      result.seconds = std::chrono::duration<double>(t1 - t0).count();
    });
    producer.join();
    result.records_written = adapter.records_on_disk();
    std::error_code ec;
    const auto size = std::filesystem::file_size(adapter.file(), ec);
    result.bytes_written = ec ? 0 : static_cast<std::uint64_t>(size);
    return result;
  }
};

template <Adapter A>
bool register_adapter() {
  peer_registry().push_back(PeerInfo{A::kKey, A::kName, A::kInLatency,
                                     [] { return std::unique_ptr<Peer>(new AdaptedPeer<A>()); }});
  return true;
}

}  // namespace perf
