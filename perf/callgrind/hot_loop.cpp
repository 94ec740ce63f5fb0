// The hot path in isolation, for counting its instructions under callgrind:
//   valgrind --tool=callgrind --collect-atstart=no --toggle-collect='ringlog_perf_loop_*'
//            ringlog-perf-hot-loop <shape> <calls>
// Only the loop functions below are counted (and only in this thread), so the count is exact
// and repeatable whatever the backend thread or the machine's load does. The ring is large
// enough for every call, so no call takes the full-ring path.
#include <ringlog/ringlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "common/order_types.h"

namespace {

ringlog::Logger* g_log = nullptr;
ringlog::Logger* g_own_log = nullptr;        // with sinks of its own
ringlog::Logger* g_backtrace_log = nullptr;  // at info, with a backtrace on
const std::string g_str40(40, 'b');
const std::vector<double> g_levels{1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5, 9.5, 10.5};

}  // namespace

extern "C" {

[[gnu::noinline]] void ringlog_perf_loop_three_numbers(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO(*g_log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_string40(int calls) {
  for (int i = 0; i < calls; ++i) RLOG_INFO(*g_log, "Logging str: {}", g_str40);
}

[[gnu::noinline]] void ringlog_perf_loop_many_args(int calls) {
  for (int i = 0; i < calls; ++i) {
    const auto u = static_cast<unsigned>(i);
    RLOG_INFO(*g_log, "order {} side {} px {} qty {} venue {} seq {} ts {} flags {} test {}",
              std::uint64_t{u}, 'B', 100.25, i, std::string_view{"XNAS"}, std::uint64_t{u} * 3,
              std::int64_t{i} << 20, u & 7u, (i & 2) != 0);
  }
}

// The same call on a logger with sinks of its own: routing is the backend's job, so the hot path
// is the plain one.
[[gnu::noinline]] void ringlog_perf_loop_own_sinks(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO(*g_own_log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
  }
}

// A call below the level of a logger with a backtrace on: encoded like a written one (the
// backend keeps it), so it costs what three_numbers does.
[[gnu::noinline]] void ringlog_perf_loop_backtrace_kept(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_DEBUG(*g_backtrace_log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_disabled(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_DEBUG(*g_log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
  }
}

// User types: a described struct against its fields logged separately, a vector, an enum by name
// against one as its integer.
[[gnu::noinline]] void ringlog_perf_loop_struct4(int calls) {
  for (int i = 0; i < calls; ++i) {
    const bench::Order o{static_cast<std::uint64_t>(i), bench::Side::sell, i, 101.25};
    RLOG_INFO(*g_log, "order {}", o);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_fields4(int calls) {
  for (int i = 0; i < calls; ++i) {
    const bench::Order o{static_cast<std::uint64_t>(i), bench::Side::sell, i, 101.25};
    RLOG_INFO(*g_log, "order {} {} {} {}", o.id, static_cast<std::uint8_t>(o.side), o.qty, o.px);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_vector10(int calls) {
  for (int i = 0; i < calls; ++i) RLOG_INFO(*g_log, "book {}", g_levels);
}

[[gnu::noinline]] void ringlog_perf_loop_enum_name(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO(*g_log, "side {}", (i & 1) != 0 ? bench::Side::buy : bench::Side::sell);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_enum_int(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO(*g_log, "side {}", (i & 1) != 0 ? bench::RawSide::buy : bench::RawSide::sell);
  }
}

// Rate-limited calls (issue 13 item 3). The warm-up call passes; every counted call of the
// first three is suppressed: the check alone, next to a plain call (three_numbers). The last
// passes every time (n = 1): the check plus the record with its suppressed count.
[[gnu::noinline]] void ringlog_perf_loop_every_n_suppressed(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO_EVERY_N(*g_log, 1'000'000, "Logging int: {}, int: {}, double: {}", i, i * 2,
                      i * 0.25);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_every_suppressed(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO_EVERY(*g_log, std::chrono::hours{1}, "Logging int: {}, int: {}, double: {}", i, i * 2,
                    i * 0.25);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_once_suppressed(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO_ONCE(*g_log, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
  }
}

[[gnu::noinline]] void ringlog_perf_loop_every_n_passing(int calls) {
  for (int i = 0; i < calls; ++i) {
    RLOG_INFO_EVERY_N(*g_log, 1, "Logging int: {}, int: {}, double: {}", i, i * 2, i * 0.25);
  }
}

}  // extern "C"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s SHAPE <calls> (shapes: see check_instructions.py)\n", argv[0]);
    return 2;
  }
  const std::string_view shape = argv[1];
  const int calls = std::atoi(argv[2]);
  void (*loop)(int) = nullptr;
  if (shape == "three_numbers") loop = ringlog_perf_loop_three_numbers;
  if (shape == "string40") loop = ringlog_perf_loop_string40;
  if (shape == "many_args") loop = ringlog_perf_loop_many_args;
  if (shape == "disabled") loop = ringlog_perf_loop_disabled;
  if (shape == "own_sinks") loop = ringlog_perf_loop_own_sinks;
  if (shape == "backtrace_kept") loop = ringlog_perf_loop_backtrace_kept;
  if (shape == "struct4") loop = ringlog_perf_loop_struct4;
  if (shape == "fields4") loop = ringlog_perf_loop_fields4;
  if (shape == "vector10") loop = ringlog_perf_loop_vector10;
  if (shape == "enum_name") loop = ringlog_perf_loop_enum_name;
  if (shape == "enum_int") loop = ringlog_perf_loop_enum_int;
  if (shape == "every_n_suppressed") loop = ringlog_perf_loop_every_n_suppressed;
  if (shape == "every_suppressed") loop = ringlog_perf_loop_every_suppressed;
  if (shape == "once_suppressed") loop = ringlog_perf_loop_once_suppressed;
  if (shape == "every_n_passing") loop = ringlog_perf_loop_every_n_passing;
  if (loop == nullptr || calls <= 0 || calls > 4096) {
    std::fprintf(stderr, "unknown shape '%s' or calls not in 1..4096\n", argv[1]);
    return 2;
  }
  ringlog::Config cfg;
  cfg.queue_bytes = std::size_t{1} << 20;  // 4096 calls of <= 128 bytes never fill it
  // Rings in shared files (Config::ring_dir): the count must not change (docs/reliability.md).
  if (const char* dir = std::getenv("RINGLOG_PERF_RING_DIR")) cfg.ring_dir = dir;
  ringlog::start(cfg, {ringlog::file_sink("/dev/null")});
  g_log = &ringlog::get_logger("hot");
  g_own_log = &ringlog::get_logger("hot-own", {ringlog::file_sink("/dev/null")});
  g_backtrace_log = &ringlog::get_logger("hot-backtrace");
  g_backtrace_log->set_level(ringlog::Level::info);
  g_backtrace_log->enable_backtrace(64, ringlog::Level::error);
  ringlog::preallocate();
  loop(1);  // registers the call site: the counted calls are all steady-state
  loop(calls);
  ringlog::stop();
  return 0;
}
