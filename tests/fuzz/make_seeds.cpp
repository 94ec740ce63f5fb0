// Writes a few real binary logs (every argument type, two threads, a rename, a sync logger)
// into the directory given as argv[1]: the fuzzer's seed corpus.
#include <string>
#include <thread>

#include "ringlog/ringlog.h"

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  for (int variant = 0; variant < 2; ++variant) {
    ringlog::Config config;
    config.batch_size = 3;
    if (variant == 1) config.pattern = "{date} {clock} {tid} {function} {{}} {message}";
    ringlog::start(config,
                   {ringlog::binary_file_sink(dir + "/seed" + std::to_string(variant) + ".rlog")});
    ringlog::Logger& log = ringlog::get_logger("fuzz");
    for (int i = 0; i < 6; ++i) RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, -i, i * 0.1);
    RLOG_WARN(log, "{} {} {} {} {} {} {}", true, 'c', std::int8_t{-1}, std::uint16_t{7}, 3.5f,
              1.0L / 3, static_cast<const void*>(&log));
    RLOG_ERROR(log, "{:>{}} [{}]", "w", 5, std::string("str\0ing", 7));
    std::thread([&log] {
      ringlog::set_thread_name("other");
      RLOG_CRITICAL(log, "from {}", "thread");
    }).join();
    log.set_mode(ringlog::Mode::sync);
    RLOG_INFO(log, "sync {}", 1);
    log.set_mode(ringlog::Mode::async);
    ringlog::stop();
  }
  return 0;
}
