// The ways of running the same workload that the demo compares; one function per logger.
#pragma once

#include <filesystem>

#include "workload.h"

namespace demo {

// The baseline: the same threads and work, no log calls.
RunResult run_without_logging(const Workload& w);

enum class RinglogMode { text, binary, sync };

// ringlog started for this run only, with one sink appending to dir/ringlog_text.log,
// ringlog_binary.rlog or ringlog_sync.log (removed first when fresh), stopped before returning.
// written and dropped are this run's change in ringlog::stats(). Throws std::system_error if
// the sink cannot be opened.
RunResult run_ringlog(RinglogMode mode, const Workload& w, const std::filesystem::path& dir,
                      bool fresh);

// true when the demo was built with spdlog's headers (meson finds them at configure time).
bool spdlog_available() noexcept;

// spdlog async (its thread pool, block on overflow) appending to dir/spdlog_async.log (removed
// first when fresh); written is the number of lines this run added, counted once spdlog has
// closed the file. Only call when spdlog_available().
RunResult run_spdlog(const Workload& w, const std::filesystem::path& dir, bool fresh);

}  // namespace demo
