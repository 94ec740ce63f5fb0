// Throughput: records per second from the first log call until the peer reports everything
// handed to the OS, one producer thread logging "Iteration: {} int: {} double: {}" with the
// block policy (nothing may be dropped), then the records in the output file are counted and
// must equal the number logged. Each figure is the median over rounds (every peer once per
// round), with the min and max and, in the JSON, every round's value and index so that two peers'
// runs of the same round can be paired.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/args.h"
#include "common/json_line.h"
#include "common/percentiles.h"
#include "common/process.h"
#include "common/run_main.h"
#include "peers/isolated_run.h"
#include "peers/peer.h"

namespace perf {
namespace {

constexpr const char* kUsage = R"(usage: ringlog-perf-throughput [options]
  --peers all|k1,k2     peers to measure (default all)
  --records N           records per run (default 4000000)
  --sync-records N      records per run for synchronous peers (default: --records)
  --ring-kib N          ringlog ring bytes per thread, KiB (default 1024, the library default)
  --batch N             ringlog Config::batch_size (default: the library default)
  --reps N              rounds, every peer once per round; the median is reported (default 3)
  --sync-reps N         rounds in which the synchronous peers run, spread evenly over the
                        --reps rounds (default: --reps)
  --dir PATH            parent of the scratch directory for log files (default /tmp)
  --keep                keep the log files (one scratch directory per run)
  --json FILE           append one JSON object per peer to FILE
)";

int run(int argc, char** argv) {
  const Args args(argc, argv, {"help", "keep"}, kUsage);
  if (args.has("help")) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  const auto peers = select_peers(args.list("peers", "all"));
  const std::uint64_t records = args.num("records", 4'000'000);
  const std::uint64_t sync_records = args.num("sync-records", records);
  const int reps = static_cast<int>(args.num("reps", 3));
  const int sync_reps = static_cast<int>(args.num("sync-reps", static_cast<std::uint64_t>(reps)));
  if (reps < 1 || sync_reps < 1 || sync_reps > reps)
    throw std::invalid_argument("--reps must be >= 1 and --sync-reps between 1 and --reps");
  std::FILE* json = nullptr;
  if (args.has("json")) {
    json = std::fopen(args.str("json", "").c_str(), "a");
    if (json == nullptr) throw std::runtime_error("cannot open " + args.str("json", ""));
  }
  std::printf(
      "Throughput: one thread logs \"Iteration: {} int: {} double: {}\"; timed from the "
      "first call until all is written to the OS; record count verified; %d round(s), "
      "synchronous peers in %d of them\n",
      reps, sync_reps);
  for (auto s : skipped_peers()) std::printf("note: %.*s\n", static_cast<int>(s.size()), s.data());
  std::printf("%-16s %10s %12s %8s %8s %10s %12s %10s  %s\n", "peer", "records", "M records/s",
              "min", "max", "MB/s", "B/record", "vs ours", "count check");
  std::fflush(stdout);

  // Repetition-major: every peer runs once per round, so a slow spell of this shared machine
  // (or anything that drifts over the run) hits all peers alike, not the ones measured last.
  struct Runs {
    std::vector<double> rates, mbps;
    std::vector<double> rounds;  // the round of each rate (a double for JsonLine)
    std::uint64_t bytes = 0;
    std::uint64_t last_count = 0;
    bool counts_ok = true;
  };
  std::vector<Runs> runs(peers.size());
  for (int rep = 0; rep < reps; ++rep) {
    for (std::size_t p = 0; p < peers.size(); ++p) {
      const PeerInfo* info = peers[p];
      const bool sync = info->key.ends_with("_sync");
      // The slow synchronous peers run in sync_reps evenly spread rounds (0, 3, 6 of 9).
      if (sync && (rep * sync_reps) % reps >= sync_reps) continue;
      const std::uint64_t n = sync ? sync_records : records;
      // Each run starts with no dirty pages left by the one before: otherwise a run pays for the
      // previous peer's writeback (the kernel throttles writers), and the order decides.
      ::sync();
      ScratchDir dir(args.str("dir", "/tmp"), "ringlog-perf-throughput-", args.has("keep"));
      PeerSetup setup;
      setup.dir = dir.path();
      setup.ring_bytes = args.num("ring-kib", 1024) * 1024;
      setup.batch_size = args.num("batch", 0);
      // Each run in a fresh process: see peers/isolated_run.h.
      const ThroughputResult r =
          throughput_in_child(*info, n, setup, fmt::format("{}, round {}", info->key, rep + 1));
      Runs& out = runs[p];
      out.rates.push_back(static_cast<double>(n) / r.seconds / 1e6);
      out.mbps.push_back(static_cast<double>(r.bytes_written) / r.seconds / 1e6);
      out.rounds.push_back(rep);
      out.bytes = r.bytes_written;
      out.last_count = r.records_written;
      out.counts_ok = out.counts_ok && r.records_written == n;
    }
  }

  double ours = 0;
  int failures = 0;
  for (std::size_t p = 0; p < peers.size(); ++p) {
    const PeerInfo* info = peers[p];
    const std::uint64_t n = info->key.ends_with("_sync") ? sync_records : records;
    const auto& [rates, mbps, rounds, bytes, last_count, counts_ok] = runs[p];
    const double rate = median(rates);
    const double lowest = *std::min_element(rates.begin(), rates.end());
    const double highest = *std::max_element(rates.begin(), rates.end());
    if (info->key == "ringlog_async") ours = rate;
    const double vs = ours > 0 ? rate / ours : 0;
    std::printf("%-16s %10llu %12.2f %8.2f %8.2f %10.1f %12.1f %9.2fx  %s\n",
                std::string(info->name).c_str(), static_cast<unsigned long long>(n), rate, lowest,
                highest, median(mbps),
                n > 0 ? static_cast<double>(bytes) / static_cast<double>(n) : 0.0, vs,
                counts_ok ? "ok" : fmt::format("MISMATCH: {} of {}", last_count, n).c_str());
    std::fflush(stdout);
    if (!counts_ok) ++failures;
    JsonLine line;
    line.add("kind", "throughput").add("peer", info->key).add("peer_name", info->name);
    line.add("records", n).add("reps", static_cast<int>(rates.size())).add("mrecords_per_s", rate);
    line.add("mrecords_per_s_min", lowest).add("mrecords_per_s_max", highest);
    line.add("mrecords_per_s_per_rep", rates).add("rounds", rounds).add("mb_per_s", median(mbps));
    line.add("bytes", bytes).add("count_ok", counts_ok).add("ratio_to_ringlog", vs);
    emit(json, line);
  }
  std::printf(
      "'vs ours' = this peer's median records/s / ringlog async's; min and max over rounds.\n");
  if (json != nullptr) std::fclose(json);
  return failures == 0 ? 0 : 1;
}

}  // namespace
}  // namespace perf

int main(int argc, char** argv) {
  return perf::run_main("ringlog-perf-throughput", perf::kUsage,
                        [&] { return perf::run(argc, argv); });
}
