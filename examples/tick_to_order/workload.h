// One run's inputs and outputs, shared by every way of logging the demo compares.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace demo {

// Every run gets the same workload: same seed, so the same quotes and the same orders.
struct Workload {
  std::uint64_t quotes = 125000;
  std::uint64_t rate = 25000;  // quotes per second, published in bursts with pauses between
  std::uint64_t seed = 7;
};

// What the pipeline measured, before any logger has had its say on what it wrote.
struct PipelineResult {
  std::vector<std::int64_t> tick_to_order_ns;  // one per order, in order of sending
  std::uint64_t logged = 0;                    // log calls made by the three threads
};

// One row of the table.
struct RunResult {
  std::string name;
  PipelineResult pipeline;
  std::uint64_t written = 0;  // records the logger reports as stored (lines, or stats().written)
  std::uint64_t dropped = 0;  // logged but not stored
  std::string log_path;       // empty for the run without logging
};

}  // namespace demo
