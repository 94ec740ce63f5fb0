// The program the crash and exit tests run (crash_test.cpp): logs <records> records
// "rec t=<thread> i=<index>" from <threads> threads to a file sink, then ends as <scenario> says.
//
//   ringlog_scenario <scenario> <log path> <records> <threads> [text|binary]
//
// The last argument picks the sink: file_sink (default) or binary_file_sink.
// Nothing reaches the file before the end unless a sink buffer fills: flush_interval is an
// hour and batch_size a million, so the records are only complete if the crash handler or the
// exit hook writes them.
#include <signal.h>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <latch>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"

namespace {

volatile sig_atomic_t g_sigterm_seen = 0;
void on_sigterm(int) {
  g_sigterm_seen = 1;
}

// Volatile everywhere: the compiler may neither see the values nor drop the faulting access.
// Not instrumented by UBSan, which would otherwise stop the program before the fault.
[[gnu::noinline]] __attribute__((no_sanitize("undefined"))) void write_through_null() {
  volatile int* volatile pointer = nullptr;
  *pointer = 1;
}

[[gnu::noinline]] __attribute__((no_sanitize("undefined"))) void divide_by_zero() {
  volatile int dividend = 7;
  volatile int zero = 0;
  volatile int result = dividend / zero;
  (void)result;
}

volatile int g_depth_limit = 1 << 30;  // far beyond any stack; volatile: not provably finite

[[gnu::noinline]] int recurse_deeply(volatile char* caller, int depth) {
  volatile char frame[512];
  frame[0] = caller != nullptr ? caller[0] : 1;
  if (depth >= g_depth_limit) return frame[0];
  return recurse_deeply(frame, depth + 1) + frame[depth % 512];  // not a tail call
}

// A second sink that crashes while the backend delivers the record saying "poison".
class PoisonSink final : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent& event) override {
    if (event.message().find("poison") != std::string_view::npos) write_through_null();
  }
  void flush() override {}
};

// Logs from its destructor, which runs during exit() after the exit hook was registered.
struct LogsAtExit {
  ~LogsAtExit() { RLOG_INFO(ringlog::get_logger("scenario"), "static destructor ran"); }
};

void crash(std::string_view how) {
  if (how == "segv" || how == "segv-worker" || how == "nohandler-segv" || how == "backtrace-segv") {
    write_through_null();
  }
  if (how == "fpe") divide_by_zero();
  if (how == "abort") std::abort();
  if (how == "terminate") throw std::runtime_error("boom from a worker");
  if (how == "overflow") std::printf("%d\n", recurse_deeply(nullptr, 0));
  if (how == "sigterm-default" || how == "sigterm-handled") raise(SIGTERM);
  if (how == "exit-thread") std::exit(9);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 && argc != 6) {
    std::fprintf(stderr, "usage: %s <scenario> <log path> <records> <threads> [text|binary]\n",
                 argv[0]);
    return 2;
  }
  const bool binary = argc == 6 && std::string_view(argv[5]) == "binary";
  const std::string_view scenario = argv[1];
  const std::string path = argv[2];
  const int threads = std::atoi(argv[4]);
  const int per_thread = std::atoi(argv[3]) / threads;

  // No core files from the tests; and a known starting point: default actions, whatever a
  // sanitizer runtime installed, so the exit status is the signal's.
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTERM}) signal(sig, SIG_DFL);
  if (scenario == "sigterm-handled") signal(SIGTERM, on_sigterm);  // before ringlog's

  ringlog::Config config;
  config.flush_interval = std::chrono::hours{1};
  config.batch_size = 1'000'000;
  config.pattern = "{level} {logger} [{thread}] {message}";
  std::vector<ringlog::SinkPtr> sinks{binary ? ringlog::binary_file_sink(path)
                                             : ringlog::file_sink(path)};
  if (scenario == "backend") sinks.push_back(std::make_shared<PoisonSink>());
  ringlog::start(config, std::move(sinks));
  if (scenario.substr(0, 9) != "nohandler") ringlog::install_crash_handler();
  ringlog::Logger& log = ringlog::get_logger("scenario");
  if (scenario == "static-dtor") static LogsAtExit logs_at_exit;

  const bool worker_ends_it = scenario == "segv-worker" || scenario == "terminate" ||
                              scenario == "overflow" || scenario == "exit-thread";
  std::latch logged(threads);
  std::latch release(1);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      ringlog::set_thread_name("worker-" + std::to_string(t));
      for (int i = 0; i < per_thread; ++i) {
        RLOG_INFO(log, "rec t={} i={}", t, i);
      }
      logged.count_down();
      if (worker_ends_it && t == 0) {
        logged.wait();  // every record is in a ring; the other workers are alive and waiting
        crash(scenario);
      }
      release.wait();
    });
  }
  logged.wait();
  if (worker_ends_it) {
    for (auto& w : workers) w.join();  // never returns: worker 0 ends the process
  }
  if (scenario == "backend") {
    // Only once every record is committed: what other threads log while the handler drains
    // is not guaranteed to make it.
    RLOG_INFO(log, "poison");
    ringlog::flush();  // the backend crashes on the poison record
  }
  if (scenario == "backtrace-segv") {
    // Kept by the backend, never triggered: only the crash writes them (the last 5).
    ringlog::Logger& flight = ringlog::get_logger("flight");
    flight.set_level(ringlog::Level::info);
    flight.enable_backtrace(5, ringlog::Level::critical);
    for (int i = 0; i < 10; ++i) RLOG_DEBUG(flight, "flight {}", i);
  }
  if (!worker_ends_it) crash(scenario);
  release.count_down();
  for (auto& w : workers) w.join();
  if (scenario == "sigterm-handled") {
    RLOG_INFO(log, "program handler saw SIGTERM: {}", g_sigterm_seen == 1);
    return 0;  // the exit hook writes everything
  }
  if (scenario == "kill-after-flush") {
    ringlog::flush();  // handed to the OS: a SIGKILL cannot take it back
    raise(SIGKILL);
  }
  if (scenario == "exit-call") std::exit(7);
  if (scenario == "quick-exit") std::quick_exit(5);
  return 0;  // "exit-return", "static-dtor": no stop(), the exit hook writes everything
}
