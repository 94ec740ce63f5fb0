// The demo's command line.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "workload.h"

namespace demo {

struct Options {
  Workload workload;
  std::filesystem::path out_dir;
  bool help = false;
};

// Parses --quotes N, --rate R, --out DIR, --help (also --name=value). On a bad command line
// returns nothing and sets error to a sentence naming the option and the value.
std::optional<Options> parse_options(int argc, char** argv, std::string& error);

// The --help text.
std::string usage();

}  // namespace demo
