// The baseline and the three ringlog runs: async to a text file, to a binary log, sync mode.
#include <string_view>
#include <vector>

#include "pipeline.h"
#include "ringlog/ringlog.h"
#include "runs.h"

namespace demo {
namespace {

struct NoLog {
  static constexpr bool kLogs = false;
  void on_thread_start(std::string_view) {}
  void quote(const Quote&, const std::vector<BookLevel>&) {}
  void order(const Order&) {}
  void fill(const Order&) {}
  void reject(const Order&, std::string_view) {}
};

// What the program logs: every quote with its book, every order sent, every fill or reject.
struct Ringlog {
  static constexpr bool kLogs = true;
  ringlog::Logger& md = ringlog::get_logger("md");
  ringlog::Logger& strategy = ringlog::get_logger("strategy");
  ringlog::Logger& gateway = ringlog::get_logger("gateway");

  void on_thread_start(std::string_view name) {
    ringlog::set_thread_name(name);
    ringlog::preallocate();  // the ring exists before the first timed call
  }
  void quote(const Quote& q, const std::vector<BookLevel>& book) {
    RLOG_INFO(md, "quote {} book {}", q, book);
  }
  void order(const Order& o) { RLOG_INFO(strategy, "sending {}", o); }
  void fill(const Order& o) { RLOG_INFO(gateway, "filled {} venue {}", o, "XNAS"); }
  void reject(const Order& o, std::string_view reason) {
    RLOG_WARN(gateway, "rejected {}: {}", o, reason);
  }
  void set_mode(ringlog::Mode mode) {
    for (ringlog::Logger* l : {&md, &strategy, &gateway}) l->set_mode(mode);
  }
};

constexpr std::string_view kNames[] = {"ringlog async, text file", "ringlog async, binary log",
                                       "ringlog sync, text file"};
constexpr std::string_view kFiles[] = {"ringlog_text.log", "ringlog_binary.rlog",
                                       "ringlog_sync.log"};

}  // namespace

RunResult run_without_logging(const Workload& w) {
  NoLog log;
  return {"no logging", run_pipeline(w, log), 0, 0, {}};
}

RunResult run_ringlog(RinglogMode mode, const Workload& w, const std::filesystem::path& dir,
                      bool fresh) {
  const auto index = static_cast<std::size_t>(mode);
  RunResult r{std::string(kNames[index]), {}, 0, 0, (dir / kFiles[index]).string()};
  if (fresh) std::filesystem::remove(r.log_path);
  ringlog::Config config;
  config.queue_bytes = 1 << 20;
  config.full_policy = ringlog::FullPolicy::block;  // a run that loses records proves nothing
  ringlog::start(config, {mode == RinglogMode::binary ? ringlog::binary_file_sink(r.log_path)
                                                      : ringlog::file_sink(r.log_path)});
  Ringlog log;
  log.set_mode(mode == RinglogMode::sync ? ringlog::Mode::sync : ringlog::Mode::async);
  const ringlog::Stats before = ringlog::stats();
  r.pipeline = run_pipeline(w, log);
  ringlog::stop();  // drains every ring and flushes: the counts below are final
  const ringlog::Stats after = ringlog::stats();
  log.set_mode(ringlog::Mode::async);
  r.written =
      (after.written - before.written) - (after.sink_lost_records - before.sink_lost_records);
  r.dropped =
      (after.dropped - before.dropped) + (after.sink_lost_records - before.sink_lost_records);
  return r;
}

}  // namespace demo
