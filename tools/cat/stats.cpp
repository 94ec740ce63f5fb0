#include "cat/stats.h"

#include <algorithm>
#include <vector>

#include "format/civil_time.h"
#include "format/text_layout.h"

namespace ringlog::cat {

void Stats::add(const LogEvent& e) {
  ++records_;
  ++per_level_[std::min<std::size_t>(static_cast<std::size_t>(e.level()), 6)];
  const CallSite& s = e.site();
  ++per_site_[SiteKey{std::string(s.logger_name), std::string(detail::base_name(s.file)), s.line,
                      std::string(s.format), s.level}];
  ++per_thread_[std::string(e.thread().name)];
  first_ns_ = std::min(first_ns_, e.unix_ns());
  last_ns_ = std::max(last_ns_, e.unix_ns());
}

void Stats::add_input(const detail::ReaderCounters& c) {
  totals_.input_bytes += c.input_bytes;
  totals_.segments += c.segments;
  totals_.chunks += c.chunks;
  totals_.duplicate_chunks += c.duplicate_chunks;
  totals_.record_bytes += c.record_bytes;
  totals_.records += c.records;
  totals_.skipped_records += c.skipped_records;
  totals_.skipped_bytes += c.skipped_bytes;
}

void Stats::print(fmt::memory_buffer& out) const {
  auto o = fmt::appender(out);
  fmt::format_to(o, "records: {} selected of {} decoded", records_, totals_.records);
  if (totals_.skipped_records > 0) fmt::format_to(o, " ({} undecodable)", totals_.skipped_records);
  fmt::format_to(o, "\ninput: {} bytes, {} segments, {} chunks", totals_.input_bytes,
                 totals_.segments, totals_.chunks);
  if (totals_.skipped_bytes > 0) fmt::format_to(o, ", {} bytes skipped", totals_.skipped_bytes);
  if (totals_.duplicate_chunks > 0) {
    fmt::format_to(o, ", {} repeated chunks skipped", totals_.duplicate_chunks);
  }
  if (totals_.records > 0) {
    const double n = static_cast<double>(totals_.records);
    fmt::format_to(o,
                   "\nbytes per record: {:.2f} in the file (all overhead included), {:.2f} in "
                   "the records themselves\n",
                   static_cast<double>(totals_.input_bytes) / n,
                   static_cast<double>(totals_.record_bytes) / n);
  } else {
    out.push_back('\n');
  }
  if (records_ > 0) {
    const auto iso = [](std::int64_t ns) {
      std::tm parts;
      detail::civil_time(detail::floor_seconds(ns), /*utc=*/true, parts);
      return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", parts.tm_year + 1900,
                         parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min,
                         parts.tm_sec);
    };
    fmt::format_to(o, "time span: {} .. {} ({:.6f} s)\n", iso(first_ns_), iso(last_ns_),
                   static_cast<double>(last_ns_ - first_ns_) / 1e9);
  }
  fmt::format_to(o, "\nper level:\n");
  for (int l = 0; l < 6; ++l) {
    if (per_level_[l] == 0) continue;
    fmt::format_to(o, "  {} {:>12}\n", level_name(static_cast<Level>(l)), per_level_[l]);
  }
  // Busiest first.
  std::vector<std::pair<std::uint64_t, const SiteKey*>> sites;
  for (const auto& [key, count] : per_site_) sites.emplace_back(count, &key);
  std::stable_sort(sites.begin(), sites.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  fmt::format_to(o, "\nper call site ({}):\n", sites.size());
  for (const auto& [count, key] : sites) {
    fmt::format_to(o, "  {:>12}  {} {} {}:{}  \"{}\"\n", count, level_name(key->level), key->logger,
                   key->file, key->line, key->format);
  }
  std::vector<std::pair<std::uint64_t, const std::string*>> threads;
  for (const auto& [name, count] : per_thread_) threads.emplace_back(count, &name);
  std::stable_sort(threads.begin(), threads.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  fmt::format_to(o, "\nper thread ({}):\n", threads.size());
  for (const auto& [count, name] : threads) fmt::format_to(o, "  {:>12}  {}\n", count, *name);
}

}  // namespace ringlog::cat
