// What the simulated trading program passes between its threads, described so that ringlog
// logs the structs raw and prints them with their field names and enums by name.
#pragma once

#include <cstdint>

#include "ringlog/describe.h"

namespace demo {

enum class Side : std::uint8_t { buy, sell };
RINGLOG_DESCRIBE_ENUM(Side, buy, sell);

// One price level of the order book the feed publishes with each quote.
struct BookLevel {
  double px;
  std::uint32_t qty;
};
RINGLOG_DESCRIBE(BookLevel, px, qty);

// stamp_ns: steady-clock time the feed produced the quote; the start of tick-to-order.
struct Quote {
  std::uint64_t seq;
  double bid;
  double ask;
  std::int64_t stamp_ns;
};
RINGLOG_DESCRIBE(Quote, seq, bid, ask);

struct Order {
  std::uint64_t id;
  std::uint64_t quote_seq;
  Side side;
  std::uint32_t qty;
  double px;
};
RINGLOG_DESCRIBE(Order, id, quote_seq, side, qty, px);

}  // namespace demo
