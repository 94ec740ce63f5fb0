// The user types the perf programs log: a described 4-field order, a described enum, and an
// enum left undescribed (logged as its integer), so each program measures the same shapes.
#pragma once

#include <cstdint>

#include "ringlog/describe.h"

namespace bench {

enum class Side : std::uint8_t { buy, sell };
RINGLOG_DESCRIBE_ENUM(Side, buy, sell);
enum class RawSide : std::uint8_t { buy, sell };  // not described: logged as its integer

struct Order {
  std::uint64_t id;
  Side side;
  int qty;
  double px;
};
RINGLOG_DESCRIBE(Order, id, side, qty, px);

}  // namespace bench
