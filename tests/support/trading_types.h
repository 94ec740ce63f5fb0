// User types as a trading program has them, described for ringlog: shared by the tests of
// logging user types and of allocation-free logging.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ringlog/describe.h"

namespace trading {

enum class Side { buy, sell };
RINGLOG_DESCRIBE_ENUM(Side, buy, sell);

enum class Venue : std::uint8_t { xnas = 1, xlon = 7 };  // not described: prints its integer

// Described, one byte wide, and signed: the narrowest integers a description can sit on.
enum class Tif : std::uint8_t { day, ioc, gtc = 200 };
RINGLOG_DESCRIBE_ENUM(Tif, day, ioc, gtc);
enum class Liquidity : std::int8_t { removed = -1, added = 1 };
RINGLOG_DESCRIBE_ENUM(Liquidity, removed, added);

struct Level {
  double px;
  int qty;
};
RINGLOG_DESCRIBE(Level, px, qty);

struct Order {
  std::uint64_t id;
  Side side;
  int qty;
  double px;
};
RINGLOG_DESCRIBE(Order, id, side, qty, px);

// A fill with one-byte enums inside.
struct Fill {
  Tif tif;
  Liquidity liquidity;
  int qty;
};
RINGLOG_DESCRIBE(Fill, tif, liquidity, qty);

// Nested: a described struct holding a string, an enum and a vector of described structs.
struct Book {
  std::string symbol;
  Side side;
  std::vector<Level> levels;
};
RINGLOG_DESCRIBE(Book, symbol, side, levels);

// Trivially copyable with its own formatter and no description: stored raw, formatted by it.
struct Price {
  std::int64_t ticks;  // 1/100
};

// Described *and* given a formatter: the formatter wins in text.
struct Quote {
  double bid, ask;
};
RINGLOG_DESCRIBE(Quote, bid, ask);

}  // namespace trading

template <>
struct fmt::formatter<trading::Price> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const trading::Price& p, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "${}.{:02}", p.ticks / 100, p.ticks % 100);
  }
};

template <>
struct fmt::formatter<trading::Quote> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const trading::Quote& q, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "{} / {}", q.bid, q.ask);
  }
};
