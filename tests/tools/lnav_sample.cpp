// Writes the same records to a text log (default pattern) and a JSON Lines log, for the lnav
// format test: usage lnav_sample DIR writes DIR/sample.log and DIR/sample.jsonl.
#include <string>
#include <thread>

#include "ringlog/ringlog.h"

namespace {

// Every level, two loggers, messages with brackets, '=' and an escaped newline, kv fields and
// a context on some records.
void log_records(const char* thread_name, int count) {
  ringlog::set_thread_name(thread_name);
  ringlog::Logger& gateway = ringlog::get_logger("gateway");
  ringlog::Logger& risk = ringlog::get_logger("risk.limits");
  for (int i = 0; i < count; ++i) {
    ringlog::Logger& log = i % 2 == 0 ? gateway : risk;
    switch (i % 6) {
      case 0:
        RLOG_TRACE(log, "tick {} [book] bid={} ask={}", i, 101.25, 101.5);
        break;
      case 1:
        RLOG_DEBUG(log, "depth {}", i, ringlog::kv("venue", "XNAS"));
        break;
      case 2: {
        ringlog::Context ctx{{"order_id", i}};
        RLOG_INFO(log, "order {} filled {} @ {:.2f}", i, 100, 101.25);
        break;
      }
      case 3:
        RLOG_WARN(log, "limit {} of {} used", 90, 100, ringlog::kv("desk", "fx"));
        break;
      case 4:
        RLOG_ERROR(log, "reject {}: {}", i, "line one\nline two");
        break;
      default:
        RLOG_CRITICAL(log, "breach on {}", "XNAS");
        break;
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  ringlog::Config cfg;
  cfg.default_level = ringlog::Level::trace;
  ringlog::start(cfg, {ringlog::file_sink(dir + "/sample.log"),
                       ringlog::json_file_sink(dir + "/sample.jsonl")});
  std::thread feed([] { log_records("md feed", 200); });
  std::thread worker([] { log_records("risk-worker", 150); });
  log_records("main", 250);
  feed.join();
  worker.join();
  ringlog::stop();
}
