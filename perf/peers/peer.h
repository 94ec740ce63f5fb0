// A logging library under test, as the latency and throughput programs see it. Each library
// ("peer") is one small adapter file in perf/peers/ that registers itself here; see adapter.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace perf {

// The message shapes every peer logs, in report order.
enum class Shape : int { three_numbers, string20, string40, string100, many_args, disabled };
inline constexpr std::array<Shape, 6> kAllShapes = {Shape::three_numbers, Shape::string20,
                                                    Shape::string40,      Shape::string100,
                                                    Shape::many_args,     Shape::disabled};
// Short key ("three_numbers") and a description for tables.
std::string_view shape_key(Shape shape) noexcept;
std::string_view shape_label(Shape shape) noexcept;

// What a peer is given when it starts: where to write, and how large its queue is.
struct PeerSetup {
  std::filesystem::path dir;          // the peer's log file goes in here
  std::size_t ring_bytes = 1u << 20;  // ringlog: ring bytes per producer thread
  std::size_t batch_size = 0;         // ringlog: Config::batch_size, 0 = the library default
  std::size_t queue_slots = 8192;     // spdlog: async queue slots (its default)
};

struct LatencyPlan {
  Shape shape = Shape::three_numbers;
  int threads = 1;
  std::size_t samples_per_thread = 200'000;
  std::size_t warmup_per_thread = 10'000;  // logged the same way first, not recorded
  int burst = 20;                          // calls back to back, then a pause
  std::uint64_t pause_ticks = 0;           // TSC ticks of spinning between bursts
  bool pin_threads = true;                 // producer t runs on CPU (cpus - 1 - t)
};

struct LatencySamples {
  std::vector<std::uint64_t> call_ticks;   // one per timed call, every thread
  std::vector<std::uint64_t> empty_ticks;  // the same timing around nothing (the overhead)
};

struct ThroughputResult {
  double seconds = 0;                 // first call until the peer says all is written to the OS
  std::uint64_t records_written = 0;  // counted in the output afterwards
  std::uint64_t bytes_written = 0;    // size of the output file
};

class Peer {
 public:
  virtual ~Peer() = default;
  // Starts the peer, runs the plan, stops it.
  virtual LatencySamples latency(const LatencyPlan& plan, const PeerSetup& setup) = 0;
  // Starts the peer, logs `records` "Iteration: {} int: {} double: {}" from one thread, waits
  // until everything is written, counts what is in the file.
  virtual ThroughputResult throughput(std::uint64_t records, const PeerSetup& setup) = 0;
  // Starts the peer, makes `calls` calls of `shape` from this thread inside one function whose
  // name contains "perf_counted_calls" (what callgrind's --toggle-collect names, so only the
  // calls and what they call are counted), waits until everything is written, stops it.
  virtual void counted_calls(Shape shape, std::size_t calls, const PeerSetup& setup) = 0;
};

struct PeerInfo {
  std::string_view key;   // command-line and JSON name, e.g. "ringlog_async"
  std::string_view name;  // table name, e.g. "ringlog async"
  bool in_latency;        // measured by the latency program
  // Makes the adapter linked into this program; null for a peer in a loadable module.
  std::unique_ptr<Peer> (*make)();
  // A loadable module's path (peers/module.h), loaded by make_peer() only; empty when linked.
  std::string_view module = {};
};

// Every peer of this program, linked or in a module, in registration order.
std::vector<PeerInfo>& peer_registry();

// Adds a peer whose adapter lives in the loadable module `info.module`, so that the library's
// static initialisation (NanoLog starts a thread there) runs only in the process that loads it.
// When the module file is missing, the peer is not added and skipped_peers() says so. Returns
// true (for a static initialiser).
bool register_module_peer(const PeerInfo& info);

// Makes `info`'s adapter: calls `make`, or loads the module (once per process) and calls its
// entry point. Throws std::runtime_error naming the module and dlerror()'s reason when the
// module cannot be loaded. A module stays loaded: call this only in a process that ends after
// measuring the peer (peers/isolated_run.h).
std::unique_ptr<Peer> make_peer(const PeerInfo& info);

// The registered peers named in `keys` ("all" = every one), ringlog's first; throws
// std::invalid_argument for an unknown key.
std::vector<const PeerInfo*> select_peers(const std::vector<std::string>& keys);

// Peers the build skipped, with the reason (e.g. "spdlog: libspdlog-dev not found").
std::vector<std::string> skipped_peers();

}  // namespace perf
