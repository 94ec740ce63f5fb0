// The entries that give records their time: clock_anchor (the backend re-anchored its clock),
// time_base (ticks went back: the next delta counts from here) and wall_time (the next record's
// wall-clock time, when it is not derived from its ticks).
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/entries/entry_io.h"
#include "codec/file_header.h"

namespace ringlog::detail {

// anchor := ticks:u64 unix_ns:i64 ns_per_tick:f64 (also inside the file header)
inline constexpr std::size_t kAnchorBytes = 3 * 8;

inline void put_anchor(EntryBody& body, const ClockAnchor& a) {
  put_fixed(body, a.ticks);
  put_fixed(body, a.unix_ns);
  put_fixed(body, a.ns_per_tick);
}

inline ClockAnchor read_anchor(ByteReader& in) noexcept {
  ClockAnchor a;
  a.ticks = in.fixed<std::uint64_t>();
  a.unix_ns = in.fixed<std::int64_t>();
  a.ns_per_tick = in.fixed<double>();
  return a;
}

struct ClockAnchorEntry {
  static constexpr EntryKind kKind = EntryKind::clock_anchor;
  ClockAnchor anchor;

  void encode(EntryBody& body) const { put_anchor(body, anchor); }
  static EntryError decode(ByteReader& in, ClockAnchorEntry& e) {
    e.anchor = read_anchor(in);
    return in.ok() ? EntryError{} : EntryError{"malformed clock anchor"};
  }
};

// time_base := ticks:varint
struct TimeBase {
  static constexpr EntryKind kKind = EntryKind::time_base;
  std::uint64_t ticks = 0;

  void encode(EntryBody& body) const { put_varint(body, ticks); }
  static EntryError decode(ByteReader& in, TimeBase& e) {
    e.ticks = in.varint();
    return in.ok() ? EntryError{} : EntryError{"malformed time base"};
  }
};

// wall_time := unix_ns:zigzag varint
struct WallTime {
  static constexpr EntryKind kKind = EntryKind::wall_time;
  std::int64_t unix_ns = 0;

  void encode(EntryBody& body) const { put_varint(body, zigzag(unix_ns)); }
  static EntryError decode(ByteReader& in, WallTime& e) {
    e.unix_ns = in.signed_varint();
    return in.ok() ? EntryError{} : EntryError{"malformed wall time"};
  }
};

}  // namespace ringlog::detail
