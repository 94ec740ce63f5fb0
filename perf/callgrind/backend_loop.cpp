// The backend in isolation, for counting its instructions per record under callgrind:
//   valgrind --tool=callgrind --collect-atstart=no
//            --toggle-collect='ringlog::detail::Backend::drain_pass*'
//            ringlog-perf-backend-loop <text|binary> <records> <dir>
// One thread logs `records` records of "Iteration: {} int: {} double: {}" into a ring large
// enough for all of them (no blocking), then flush(): only the backend's drain passes are
// counted (taking each record, formatting or encoding it, laying it out, the batch writes), so
// the count per record is the same on a busy machine. check_backend.py runs it with N and 2N
// records and divides the difference by N, which cancels start-up and the first-use caches.
#include <ringlog/ringlog.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s text|binary <records> <dir>\n", argv[0]);
    return 2;
  }
  const std::string_view layout = argv[1];
  const long records = std::atol(argv[2]);
  if ((layout != "text" && layout != "binary") || records <= 0 || records > 400'000) {
    std::fprintf(stderr, "layout must be text or binary, records in 1..400000\n");
    return 2;
  }
  const std::string path = std::string(argv[3]) + "/backend-loop." + std::string(layout);
  ringlog::Config cfg;
  cfg.queue_bytes = std::size_t{1} << 25;  // 400k records of 40 bytes never fill it
  ringlog::start(cfg,
                 {layout == "text" ? ringlog::file_sink(path) : ringlog::binary_file_sink(path)});
  ringlog::Logger& log = ringlog::get_logger("bench");
  ringlog::preallocate();
  for (long i = 0; i < records; ++i) {
    // The arguments perf/throughput logs.
    RLOG_INFO(log, "Iteration: {} int: {} double: {}", static_cast<std::uint64_t>(i),
              static_cast<int>(i & 0xffff), static_cast<double>(i) * 0.5);
  }
  ringlog::flush();
  ringlog::stop();
  return 0;
}
