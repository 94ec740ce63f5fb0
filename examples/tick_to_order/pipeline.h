// The simulated trading path: feed -> strategy -> gateway on three threads, the same for every
// run; only the Log policy differs. Tick-to-order is measured on the strategy thread, from the
// quote's stamp (taken by the feed as it produces the quote) to the moment the order has been
// handed to the gateway's queue; it includes the feed's and the strategy's log calls.
//
// Log policy: static constexpr bool kLogs; void on_thread_start(std::string_view name);
// quote(const Quote&, const std::vector<BookLevel>&); order(const Order&); fill(const Order&);
// reject(const Order&, std::string_view reason). Each call is one record.
#pragma once

#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <random>
#include <string_view>
#include <thread>
#include <vector>

#include "affinity.h"
#include "idle_wait.h"
#include "market.h"
#include "workload.h"

namespace demo {

inline std::int64_t now_ns() noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

inline constexpr std::size_t kBookDepth = 5;
inline constexpr double kSignalMove = 0.0115;      // about one quote in four sends an order
inline constexpr std::uint64_t kRejectEvery = 50;  // the exchange rejects now and then

// The strategy sleeps on `published` (a futex) when it has nothing to do and the feed wakes it
// per quote: the wake-up is part of every run's tick-to-order alike, and a sleeping strategy
// is scheduled promptly on a busy machine where a spinning one is preempted for whole slices.
template <class Log>
std::uint64_t publish_quotes(const Workload& w, Log& log, moodycamel::ConcurrentQueue<Quote>& out,
                             std::atomic<std::uint64_t>& published) {
  log.on_thread_start("md-feed");
  pin_current_thread(Role::feed);
  std::mt19937_64 rng(w.seed);
  std::normal_distribution<double> step(0.0, 0.01);
  std::vector<BookLevel> book(kBookDepth);  // reused: the hot path does not allocate
  // A bounded rate in 1 ms bursts with sleeps between (it yields only if the queue is full),
  // so on a busy 2-core machine the feed cannot starve the strategy or a logging backend.
  const std::uint64_t burst = std::max<std::uint64_t>(1, w.rate / 1000);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t logged = 0;
  double mid = 101.25;
  for (std::uint64_t seq = 1; seq <= w.quotes; ++seq) {
    if ((seq - 1) % burst == 0) {
      std::this_thread::sleep_until(start +
                                    std::chrono::nanoseconds((seq - 1) * 1'000'000'000 / w.rate));
    }
    mid += step(rng);
    const Quote q{seq, mid - 0.01, mid + 0.01, now_ns()};
    for (std::size_t i = 0; i < kBookDepth; ++i) {
      book[i] = {q.bid - 0.01 * static_cast<double>(i),
                 static_cast<std::uint32_t>(100 * (1 + (seq + i) % 7))};
    }
    log.quote(q, book);
    ++logged;
    while (!out.try_enqueue(q)) std::this_thread::yield();
    // release: the strategy that sees the new count also sees the quote enqueued before it.
    published.fetch_add(1, std::memory_order_release);
    published.notify_one();
  }
  return logged;
}

template <class Log>
std::uint64_t run_strategy(Log& log, moodycamel::ConcurrentQueue<Quote>& in,
                           moodycamel::ConcurrentQueue<Order>& out,
                           const std::atomic<bool>& feed_done,
                           const std::atomic<std::uint64_t>& published,
                           std::vector<std::int64_t>& tick_to_order_ns) {
  log.on_thread_start("strategy");
  pin_current_thread(Role::strategy);
  std::uint64_t logged = 0;
  std::uint64_t next_id = 1;
  double last_mid = 0;
  int spins = 0;
  Quote q;
  for (;;) {
    if (!in.try_dequeue(q)) {
      // acquire pairs with the feed's release after its last enqueue: once it is seen, one
      // more empty dequeue means the queue is drained for good.
      if (feed_done.load(std::memory_order_acquire)) {
        if (!in.try_dequeue(q)) break;
      } else {
        // Read the count before the last look at the queue: a quote published after that
        // look changes the count, so wait() returns at once instead of missing it.
        const std::uint64_t seen = published.load(std::memory_order_acquire);
        if (!in.try_dequeue(q)) {
          if (++spins > 64 && !feed_done.load(std::memory_order_acquire)) {
            published.wait(seen, std::memory_order_acquire);
          }
          continue;
        }
      }
    }
    spins = 0;
    const double mid = (q.bid + q.ask) / 2;
    if (last_mid != 0 && std::abs(mid - last_mid) > kSignalMove) {
      const Side side = mid > last_mid ? Side::sell : Side::buy;
      const Order o{next_id++, q.seq, side, 100, side == Side::buy ? q.ask : q.bid};
      log.order(o);
      ++logged;
      while (!out.try_enqueue(o)) std::this_thread::yield();
      tick_to_order_ns.push_back(now_ns() - q.stamp_ns);  // reserved: no allocation
    }
    last_mid = mid;
  }
  return logged;
}

template <class Log>
std::uint64_t run_gateway(Log& log, moodycamel::ConcurrentQueue<Order>& in,
                          const std::atomic<bool>& strategy_done) {
  log.on_thread_start("order-gw");
  std::uint64_t logged = 0;
  IdleWait idle;
  Order o;
  for (;;) {
    if (!in.try_dequeue(o)) {
      // acquire pairs with the strategy's release after its last enqueue (as above).
      if (!strategy_done.load(std::memory_order_acquire)) {
        idle.wait();
        continue;
      }
      if (!in.try_dequeue(o)) break;
    }
    idle.reset();
    if (o.id % kRejectEvery == 0) {
      log.reject(o, "price outside band");
    } else {
      log.fill(o);
    }
    ++logged;
  }
  return logged;
}

// Runs the whole workload once and returns the tick-to-order latency of every order.
template <class Log>
PipelineResult run_pipeline(const Workload& w, Log& log) {
  moodycamel::ConcurrentQueue<Quote> quotes(8192);
  moodycamel::ConcurrentQueue<Order> orders(8192);
  std::atomic<bool> feed_done{false}, strategy_done{false};
  std::atomic<std::uint64_t> published{0};
  PipelineResult result;
  result.tick_to_order_ns.reserve(w.quotes);
  std::uint64_t feed_logged = 0, strategy_logged = 0, gateway_logged = 0;
  std::thread feed([&] {
    feed_logged = publish_quotes(w, log, quotes, published);
    feed_done.store(true, std::memory_order_release);
    published.fetch_add(1, std::memory_order_release);  // wakes a waiting strategy to finish
    published.notify_one();
  });
  std::thread strategy([&] {
    strategy_logged =
        run_strategy(log, quotes, orders, feed_done, published, result.tick_to_order_ns);
    strategy_done.store(true, std::memory_order_release);
  });
  std::thread gateway([&] { gateway_logged = run_gateway(log, orders, strategy_done); });
  feed.join();
  strategy.join();
  gateway.join();
  result.logged = Log::kLogs ? feed_logged + strategy_logged + gateway_logged : 0;
  return result;
}

}  // namespace demo
