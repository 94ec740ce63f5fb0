// A command-line mistake: ringlog-cat prints its message and exits with kExitUsage.
#pragma once

#include <stdexcept>

namespace ringlog::cat {

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace ringlog::cat
