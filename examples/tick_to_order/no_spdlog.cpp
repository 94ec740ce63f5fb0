// Built instead of run_spdlog.cpp when spdlog's headers are missing: the demo skips that run.
#include <stdexcept>

#include "runs.h"

namespace demo {

bool spdlog_available() noexcept {
  return false;
}

RunResult run_spdlog(const Workload&, const std::filesystem::path&, bool) {
  throw std::logic_error("built without spdlog (apt-get install libspdlog-dev, then rebuild)");
}

}  // namespace demo
