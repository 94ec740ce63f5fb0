// Context handed to a thread pool: capture it where the work is submitted, restore it in the
// task. The workers' own context (worker=N) stays underneath for the task's duration.
//
//   context_thread_pool_handoff [file.jsonl]   text to stdout; also JSON Lines when a path is given
#include <string_view>
#include <vector>

#include "context/work_queue.h"
#include "ringlog/ringlog.h"

int main(int argc, char** argv) {
  std::vector<ringlog::SinkPtr> sinks = {ringlog::console_sink()};
  if (argc > 1) sinks.push_back(ringlog::json_file_sink(argv[1]));
  ringlog::Config config;
  config.pattern = "{clock} {level} [{thread}] {message}";
  ringlog::start(config, std::move(sinks));
  ringlog::set_thread_name("acceptor");
  ringlog::Logger& log = ringlog::get_logger("requests");
  {
    example::WorkQueue pool("pool", 2);
    const std::string_view clients[] = {"alice", "bob"};
    for (int request = 1; request <= 4; ++request) {
      ringlog::Context scope{{"request_id", request}, {"client", clients[request % 2]}};
      RLOG_INFO(log, "request accepted");
      // A fixed-size value: copying it into the task allocates nothing of ringlog's.
      pool.post([snapshot = ringlog::capture_context(), &log, request] {
        ringlog::Context restore{snapshot};
        RLOG_INFO(log, "request processed", ringlog::kv("rows", request * 10));
      });
    }
    RLOG_INFO(log, "all requests submitted");  // no request context here
  }
  ringlog::stop();
}
