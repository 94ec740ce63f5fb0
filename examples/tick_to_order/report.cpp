#include "report.h"

#include <fmt/format.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

extern char** environ;

namespace demo {
namespace {

// Nearest rank: the smallest sample with at least p of the samples at or below it.
double percentile_us(const std::vector<std::int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return static_cast<double>(sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1]) / 1e3;
}

constexpr double kPercentiles[] = {0.5, 0.99, 0.999, 1.0};

int run_gnuplot(const std::filesystem::path& script) {
  const std::string path = script.string();
  char* argv[] = {const_cast<char*>("gnuplot"), const_cast<char*>(path.c_str()), nullptr};
  pid_t pid = 0;
  // posix_spawnp reports a missing program as ENOENT, which tells "not installed" from "failed".
  if (const int err = posix_spawnp(&pid, "gnuplot", nullptr, nullptr, argv, environ); err != 0) {
    return -err;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

}  // namespace

void print_table(std::vector<RunResult>& runs) {
  for (RunResult& r : runs)
    std::sort(r.pipeline.tick_to_order_ns.begin(), r.pipeline.tick_to_order_ns.end());
  fmt::print(
      "| run | orders | p50 µs | p99 µs | p99.9 µs | max µs | records | dropped | "
      "added p50 / p99 / p99.9 µs |\n");
  fmt::print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  const auto& base = runs.front().pipeline.tick_to_order_ns;
  for (const RunResult& r : runs) {
    const auto& lat = r.pipeline.tick_to_order_ns;
    fmt::print("| {} | {} ", r.name, lat.size());
    for (double p : kPercentiles) fmt::print("| {:.1f} ", percentile_us(lat, p));
    fmt::print("| {} | {} | ", r.written, r.dropped);
    if (&r == &runs.front()) {
      fmt::print("baseline |\n");
      continue;
    }
    fmt::print("{:+.1f} / {:+.1f} / {:+.1f} |\n",
               percentile_us(lat, 0.5) - percentile_us(base, 0.5),
               percentile_us(lat, 0.99) - percentile_us(base, 0.99),
               percentile_us(lat, 0.999) - percentile_us(base, 0.999));
  }
}

std::filesystem::path write_plot(const std::vector<RunResult>& runs,
                                 const std::filesystem::path& dir, std::string& why) {
  const auto data = dir / "latency.dat";
  const auto script = dir / "latency.gp";
  const auto png = dir / "latency.png";
  {
    // x = 1 / (1 - p) on a log axis spreads the tail (p90, p99, p99.9) evenly, where the cost
    // of logging shows; one gnuplot data block per run.
    std::ofstream out(data);
    for (const RunResult& r : runs) {
      const auto& lat = r.pipeline.tick_to_order_ns;
      out << "# " << r.name << '\n';
      const double n = static_cast<double>(lat.size());
      for (double k = 0; k <= std::log10(std::max(n, 1.0)); k += 0.02) {
        const double p = 1 - std::pow(10.0, -k);
        out << 1 / (1 - p) << ' ' << percentile_us(lat, std::max(p, 0.0)) << '\n';
      }
      out << "\n\n";
    }
    std::ofstream gp(script);
    gp << "set terminal pngcairo size 960,560 font ',10'\n"
       << "set output '" << png.string() << "'\n"
       << "set title 'tick-to-order latency (quote produced -> order handed to the gateway)'\n"
       << "set logscale xy\nset grid\nset key top left\n"
       << "set xlabel 'percentile'\nset ylabel 'µs'\n"
       << "set xtics ('min' 1, 'p50' 2, 'p90' 10, 'p99' 100, 'p99.9' 1000, 'p99.99' 10000, "
          "'p99.999' 100000)\n"
       << "plot ";
    for (std::size_t i = 0; i < runs.size(); ++i) {
      gp << (i ? ", " : "") << "'" << data.string() << "' index " << i
         << " using 1:2 with lines lw 2 title '" << runs[i].name << "'";
    }
    gp << '\n';
  }
  std::filesystem::remove(png);
  const int status = run_gnuplot(script);
  if (status == -ENOENT) {
    why = "gnuplot not found (apt-get install gnuplot-nox)";
    return {};
  }
  if (status != 0 || !std::filesystem::exists(png)) {
    why = "gnuplot " + script.string() + " failed (status " + std::to_string(status) + ")";
    return {};
  }
  return png;
}

}  // namespace demo
