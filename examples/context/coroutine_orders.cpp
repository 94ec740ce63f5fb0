// Context that follows a coroutine across threads.
//
// Each order is handled by a coroutine that opens a ringlog::Context with the order's identity,
// starts on the main thread, hops to a pricing pool, then to a gateway thread. Every line it logs
// carries order_id and venue, on whichever thread it runs; the main thread and the pool threads
// keep their own context (session=..., worker=...) for their own lines.
//
//   context_coroutine_orders [file.jsonl]     text to stdout; also JSON Lines when a path is given
#include <cstdint>
#include <string_view>
#include <vector>

#include "context/context_task.h"
#include "context/work_queue.h"
#include "ringlog/ringlog.h"

namespace {

example::Task handle_order(ringlog::Logger& log, example::WorkQueue& pricing,
                           example::WorkQueue& gateway, std::uint64_t order_id,
                           std::string_view venue) {
  ringlog::Context order{{"order_id", order_id}, {"venue", venue}};
  RLOG_INFO(log, "order received");
  co_await example::resume_on(pricing);
  const double px = 100.0 + static_cast<double>(order_id) * 0.25;
  RLOG_INFO(log, "order priced", ringlog::kv("px", px));
  co_await example::resume_on(gateway);
  {
    ringlog::Context attempt{{"attempt", 1}};
    RLOG_INFO(log, "order sent");
  }
  RLOG_INFO(log, "order done");
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<ringlog::SinkPtr> sinks = {ringlog::console_sink()};
  if (argc > 1) sinks.push_back(ringlog::json_file_sink(argv[1]));
  ringlog::Config config;
  config.pattern = "{clock} {level} [{thread}] {message}";
  ringlog::start(config, std::move(sinks));
  ringlog::set_thread_name("main");
  ringlog::Logger& log = ringlog::get_logger("orders");
  {
    ringlog::Context session{{"session", "demo"}};
    example::WorkQueue pricing("pricing", 2);
    example::WorkQueue gateway("gateway", 1);
    const std::string_view venues[] = {"XNAS", "ARCA", "BATS"};
    std::vector<example::Task> orders;
    for (std::uint64_t id = 1; id <= 4; ++id) {
      orders.push_back(handle_order(log, pricing, gateway, id, venues[id % 3]));
      orders.back().start();  // runs up to its first hop, here, in its own context
      RLOG_INFO(log, "main thread between orders");  // session=demo only
    }
    for (example::Task& order : orders) order.wait();
  }
  ringlog::stop();
}
