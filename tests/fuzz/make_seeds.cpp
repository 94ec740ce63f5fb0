// Writes a few real binary logs (every argument type, two threads, a rename, a sync logger)
// into the directory given as argv[1]: the fuzzer's seed corpus. Each seed starts with the
// harness's control byte (see binary_reader_fuzz.cpp), then the log.
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <chrono>
#include <map>
#include <optional>
#include <variant>
#include <vector>

#include "ringlog/describe.h"
#include "ringlog/ringlog.h"

namespace seeds {
enum class Side { buy, sell };
RINGLOG_DESCRIBE_ENUM(Side, buy, sell);
struct Level {
  double px;
  int qty;
  Side side;
  std::string venue;
};
RINGLOG_DESCRIBE(Level, px, qty, side, venue);
}  // namespace seeds

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  for (int variant = 0; variant < 2; ++variant) {
    ringlog::Config config;
    config.batch_size = 3;
    if (variant == 1) config.pattern = "{date} {clock} {tid} {function} {{}} {message}";
    const std::string log_path = dir + "/log" + std::to_string(variant) + ".tmp";
    std::remove(log_path.c_str());
    ringlog::start(config, {ringlog::binary_file_sink(log_path)});
    ringlog::Logger& log = ringlog::get_logger("fuzz");
    for (int i = 0; i < 6; ++i) RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, -i, i * 0.1);
    RLOG_WARN(log, "{} {} {} {} {} {} {}", true, 'c', std::int8_t{-1}, std::uint16_t{7}, 3.5f,
              1.0L / 3, static_cast<const void*>(&log));
    RLOG_ERROR(log, "{:>{}} [{}]", "w", 5, std::string("str\0ing", 7));
    // Composite values: their type codes reach the reader's call-site parsing.
    const std::vector<seeds::Level> book{{1.5, 2, seeds::Side::buy, "X"},
                                         {1.25, 3, seeds::Side::sell, ""}};
    const std::map<int, std::optional<std::string>> m{{1, "a"}, {2, std::nullopt}};
    const std::variant<int, std::string> v = std::string("v");
    RLOG_INFO(log, "{} {} {} {} {}", book, m, v, std::chrono::milliseconds{5},
              std::chrono::sys_seconds{std::chrono::seconds{1}});
    std::thread([&log] {
      ringlog::set_thread_name("other");
      RLOG_CRITICAL(log, "from {}", "thread");
    }).join();
    log.set_mode(ringlog::Mode::sync);
    RLOG_INFO(log, "sync {}", 1);
    log.set_mode(ringlog::Mode::async);
    ringlog::stop();
    std::ostringstream bytes;
    bytes << std::ifstream(log_path, std::ios::binary).rdbuf();
    std::remove(log_path.c_str());
    // Whole input; whole with checksums resealed; in 7-byte pieces.
    for (const char control : {'\x00', '\x80', '\x07'}) {
      std::ofstream(dir + "/seed" + std::to_string(variant) + "-" +
                        std::to_string(static_cast<unsigned char>(control)),
                    std::ios::binary)
          << control << bytes.str();
    }
  }
  return 0;
}
