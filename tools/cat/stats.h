// ringlog-cat --stats: what the selected records are made of.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <tuple>

#include "cat/output.h"
#include "codec/binary_reader.h"
#include "ringlog/sinks.h"

namespace ringlog::cat {

class Stats {
 public:
  void add(const LogEvent& event);
  // Reader totals of one finished input (bytes, chunks, skipped data).
  void add_input(const detail::ReaderCounters& counters);
  void print(fmt::memory_buffer& out) const;

 private:
  struct SiteKey {
    std::string logger, file;
    std::uint32_t line;
    std::string format;
    Level level;
    auto operator<=>(const SiteKey&) const = default;
  };
  std::uint64_t records_ = 0;
  std::uint64_t per_level_[7] = {};
  std::map<SiteKey, std::uint64_t> per_site_;
  std::map<std::string, std::uint64_t> per_thread_;
  std::int64_t first_ns_ = std::numeric_limits<std::int64_t>::max();
  std::int64_t last_ns_ = std::numeric_limits<std::int64_t>::min();
  detail::ReaderCounters totals_;
};

}  // namespace ringlog::cat
