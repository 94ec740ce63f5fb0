#include "options.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace demo {
namespace {

std::filesystem::path default_out_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return std::filesystem::path(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") / "ringlog-demo";
}

bool parse_positive(std::string_view text, std::uint64_t& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && value > 0;
}

}  // namespace

std::string usage() {
  const Workload d;
  return "usage: trading_demo [--quotes N] [--rate R] [--out DIR]\n"
         "\n"
         "Runs the same feed -> strategy -> gateway workload without logging, with ringlog\n"
         "(async to a text file, async to a binary log, sync mode) and with spdlog async, and\n"
         "prints the tick-to-order latency of each run (quote produced -> order handed to the\n"
         "gateway) and what logging added to it; plots the distributions with gnuplot.\n"
         "\n"
         "  --quotes N   quotes per run (default " +
         std::to_string(d.quotes) +
         ")\n"
         "  --rate R     quotes per second, in 1 ms bursts (default " +
         std::to_string(d.rate) +
         ")\n"
         "  --out DIR    where the logs, the data and the plot go (default " +
         default_out_dir().string() +
         ")\n"
         "  --help       this text\n"
         "\n"
         "exit status: 0 every run stored every record; 1 a run lost records or could not run;\n"
         "2 bad command line\n";
}

std::optional<Options> parse_options(int argc, char** argv, std::string& error) {
  Options o;
  o.out_dir = default_out_dir();
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool has_value = false;
    if (const auto eq = arg.find('='); arg.starts_with("--") && eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_value = true;
    }
    if (arg == "--help" || arg == "-h") {
      o.help = true;
      continue;
    }
    if (arg != "--quotes" && arg != "--rate" && arg != "--out") {
      error = "unknown option '" + std::string(argv[i]) + "'";
      return std::nullopt;
    }
    if (!has_value) {
      if (i + 1 >= argc) {
        error = std::string(arg) + " needs a value";
        return std::nullopt;
      }
      value = argv[++i];
    }
    if (arg == "--out") {
      if (value.empty()) {
        error = "--out needs a directory";
        return std::nullopt;
      }
      o.out_dir = std::string(value);
      continue;
    }
    std::uint64_t& target = arg == "--quotes" ? o.workload.quotes : o.workload.rate;
    if (!parse_positive(value, target)) {
      error = std::string(arg) + " needs a positive whole number, got '" + std::string(value) + "'";
      return std::nullopt;
    }
  }
  return o;
}

}  // namespace demo
