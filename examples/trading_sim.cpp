// A small market-data -> strategy -> order-gateway pipeline that logs on its hot paths.
//
// Three threads pass quotes and orders through lock-free queues; each logs what it does with
// ringlog. At the end the program prints where the log went and what ringlog counted.
#include <concurrentqueue/concurrentqueue.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "ringlog/ringlog.h"

namespace {

struct Quote {
  std::uint64_t seq;
  double bid;
  double ask;
};

enum class Side : std::uint8_t { buy, sell };

struct Order {
  std::uint64_t id;
  Side side;
  std::uint32_t qty;
  double px;
};

constexpr std::uint64_t kQuotes = 200000;

void market_data(moodycamel::ConcurrentQueue<Quote>& quotes, std::atomic<bool>& done) {
  ringlog::set_thread_name("md-feed");
  ringlog::preallocate();
  ringlog::Logger& log = ringlog::get_logger("md");
  std::mt19937_64 rng(7);
  std::normal_distribution<double> step(0.0, 0.01);
  double mid = 101.25;
  for (std::uint64_t seq = 1; seq <= kQuotes; ++seq) {
    mid += step(rng);
    const Quote q{seq, mid - 0.01, mid + 0.01};
    RLOG_DEBUG(log, "quote seq={} bid={:.4f} ask={:.4f}", q.seq, q.bid, q.ask);
    while (!quotes.try_enqueue(q)) std::this_thread::yield();
    if (seq % 50000 == 0) RLOG_INFO(log, "published {} quotes, mid {:.4f}", seq, mid);
  }
  done.store(true, std::memory_order_release);
}

void strategy(moodycamel::ConcurrentQueue<Quote>& quotes,
              moodycamel::ConcurrentQueue<Order>& orders, std::atomic<bool>& md_done,
              std::atomic<bool>& done) {
  ringlog::set_thread_name("strategy");
  ringlog::preallocate();
  ringlog::Logger& log = ringlog::get_logger("strategy");
  double last_mid = 0;
  std::uint64_t next_id = 1;
  Quote q;
  for (;;) {
    if (!quotes.try_dequeue(q)) {
      if (md_done.load(std::memory_order_acquire) && quotes.size_approx() == 0) break;
      std::this_thread::yield();
      continue;
    }
    const double mid = (q.bid + q.ask) / 2;
    if (last_mid != 0 && std::abs(mid - last_mid) > 0.025) {
      const Side side = mid > last_mid ? Side::sell : Side::buy;
      const Order o{next_id++, side, 100, side == Side::buy ? q.ask : q.bid};
      RLOG_INFO(log, "signal on quote {}: move {:+.4f}, sending order {} {} {} @ {:.4f}", q.seq,
                mid - last_mid, o.id, side == Side::buy ? "BUY" : "SELL", o.qty, o.px);
      while (!orders.try_enqueue(o)) std::this_thread::yield();
    }
    last_mid = mid;
  }
  done.store(true, std::memory_order_release);
}

void gateway(moodycamel::ConcurrentQueue<Order>& orders, std::atomic<bool>& strategy_done) {
  ringlog::set_thread_name("order-gw");
  ringlog::preallocate();
  ringlog::Logger& log = ringlog::get_logger("gateway");
  std::uint64_t filled = 0;
  Order o;
  for (;;) {
    if (!orders.try_dequeue(o)) {
      if (strategy_done.load(std::memory_order_acquire) && orders.size_approx() == 0) break;
      std::this_thread::yield();
      continue;
    }
    if (o.id % 500 == 0) {  // the exchange rejects now and then
      RLOG_WARN(log, "order {} rejected: price {:.4f} outside band", o.id, o.px);
      continue;
    }
    ++filled;
    RLOG_INFO(log, "order {} filled {} @ {:.4f} venue {}", o.id, o.qty, o.px, "XNAS");
  }
  RLOG_INFO(log, "session done: {} orders filled", filled);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path =
      argc > 1 ? argv[1] : (std::filesystem::temp_directory_path() / "ringlog-demo.log").string();
  ringlog::Config config;
  config.queue_bytes = 1 << 20;
  config.full_policy = ringlog::FullPolicy::block;
  // Everything goes to the file; warnings and above also to the terminal.
  ringlog::SinkPtr console = ringlog::console_sink(ringlog::ConsoleStream::err);
  console->set_level(ringlog::Level::warn);
  try {
    ringlog::start(config, {ringlog::file_sink(path), console});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot start logging: %s\n", e.what());
    return 1;
  }
  ringlog::get_logger("md").set_level(ringlog::Level::debug);
  moodycamel::ConcurrentQueue<Quote> quotes(4096);
  moodycamel::ConcurrentQueue<Order> orders(4096);
  std::atomic<bool> md_done{false}, strategy_done{false};
  std::thread md(market_data, std::ref(quotes), std::ref(md_done));
  std::thread strat(strategy, std::ref(quotes), std::ref(orders), std::ref(md_done),
                    std::ref(strategy_done));
  std::thread gw(gateway, std::ref(orders), std::ref(strategy_done));
  md.join();
  strat.join();
  gw.join();
  ringlog::stop();
  const ringlog::Stats s = ringlog::stats();
  std::printf(
      "ringlog demo: %llu records written to %s (%llu dropped, %llu sink errors, %llu lost)\n",
      static_cast<unsigned long long>(s.written), path.c_str(),
      static_cast<unsigned long long>(s.dropped), static_cast<unsigned long long>(s.sink_errors),
      static_cast<unsigned long long>(s.sink_lost_records));
  std::printf("look at it with: tail %s\n", path.c_str());
  return 0;
}
