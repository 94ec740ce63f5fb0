// Crash and exit: a program (scenario_main.cpp) logs N records from several threads and then
// crashes or exits without stop(); every record must be in its log file, and the exit status
// must be the one the crash or exit would have given without ringlog.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/child_process.h"
#include "support/log_file.h"

using namespace ringlog::test;

namespace {

constexpr int kRecords = 100'000;
constexpr int kThreads = 4;
constexpr auto kDeadline = std::chrono::seconds{60};

struct Run {
  ChildExit exit;
  std::string log;     // the log file
  std::string output;  // the program's stdout + stderr
};

// A program built next to this test: $<env> (set by meson), else found in the build tree.
std::string program_path(const char* env, const std::string& relative_to_this_binary) {
  if (const char* path = std::getenv(env)) return path;
  const std::string self = std::filesystem::read_symlink("/proc/self/exe");
  return self.substr(0, self.rfind('/')) + "/" + relative_to_this_binary;
}

// Runs the scenario program; `sink` is "text" or "binary" (the log is then decoded to text
// with ringlog-cat, exactly as a user would read it).
Run run_scenario(const std::string& scenario, const std::string& sink = "text",
                 int records = kRecords, int threads = kThreads) {
  const std::string program = program_path("RINGLOG_SCENARIO", "ringlog_scenario");
  TempDir dir;
  Run run;
  run.exit = run_program({program, scenario, dir.file("app.log"), std::to_string(records),
                          std::to_string(threads), sink},
                         dir.file("output.txt"), kDeadline);
  run.output = read_file(dir.file("output.txt"));
  if (sink == "binary") {
    const ChildExit cat =
        run_program({program_path("RINGLOG_CAT", "../../tools/ringlog-cat"), dir.file("app.log")},
                    dir.file("decoded.txt"), kDeadline, dir.file("cat-errors.txt"));
    run.log = read_file(dir.file("decoded.txt"));
    run.output += "\nringlog-cat " + cat.describe() + ": " + read_file(dir.file("cat-errors.txt"));
  } else {
    run.log = read_file(dir.file("app.log"));
  }
  return run;
}

// Every record exactly once, each thread's in order.
void require_all_records(const Run& run, int records = kRecords, int threads = kThreads) {
  INFO("program " << run.exit.describe() << "; its output:\n" << run.output);
  const RecordCheck check = check_records(run.log);
  CHECK(check.duplicates == 0);
  CHECK(check.out_of_order == 0);
  CHECK(check.missing(threads, records / threads) == 0);
  REQUIRE(check.complete(threads, records / threads));
}

}  // namespace

TEST_CASE("SIGSEGV in the main thread: every record written, then death by SIGSEGV") {
  const Run run = run_scenario("segv");
  CHECK(run.exit.signaled(SIGSEGV));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGSEGV (invalid memory access) at address 0") ==
        1);
  CHECK(count_containing(run.log, "backtrace #0") == 1);
}

TEST_CASE("SIGSEGV with a backtrace on: the kept records are written before the report") {
  const Run run = run_scenario("backtrace-segv");
  CHECK(run.exit.signaled(SIGSEGV));
  require_all_records(run);
  INFO(run.log.substr(run.log.size() > 2000 ? run.log.size() - 2000 : 0));
  CHECK(count_containing(run.log, "backtrace of flight, 5 records") == 1);
  for (int i = 0; i < 10; ++i) {
    const std::string line = "] flight " + std::to_string(i) + " backtrace=true";
    CHECK(count_containing(run.log, line) == (i >= 5 ? 1 : 0));
  }
  // Oldest first, and before the crash report.
  const auto first = run.log.find("flight 5 ");
  const auto last = run.log.find("flight 9 ");
  const auto report = run.log.find("fatal signal SIGSEGV");
  CHECK(first < last);
  CHECK(last < report);
  CHECK(report != std::string::npos);
}

TEST_CASE("without the crash handler the same crash loses records (the check above can fail)") {
  const Run run = run_scenario("nohandler-segv");
  CHECK(run.exit.signaled(SIGSEGV));
  const RecordCheck check = check_records(run.log);
  CHECK(check.total < static_cast<std::size_t>(kRecords));
  CHECK(count_containing(run.log, "fatal signal") == 0);
}

TEST_CASE("SIGSEGV in a worker while the other workers live: every record, SIGSEGV") {
  const Run run = run_scenario("segv-worker");
  CHECK(run.exit.signaled(SIGSEGV));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGSEGV") == 1);
  CHECK(count_containing(run.log, "in thread 'worker-0'") == 1);
}

TEST_CASE("abort(): every record written, then death by SIGABRT") {
  const Run run = run_scenario("abort");
  CHECK(run.exit.signaled(SIGABRT));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGABRT (abort)") == 1);
}

TEST_CASE("an uncaught exception: every record, the exception named, death by SIGABRT") {
  const Run run = run_scenario("terminate");
  CHECK(run.exit.signaled(SIGABRT));
  require_all_records(run);
  CHECK(count_containing(run.log,
                         "after std::terminate: uncaught exception of type "
                         "std::runtime_error: boom from a worker") == 1);
}

TEST_CASE("integer division by zero: every record written, then death by SIGFPE") {
  const Run run = run_scenario("fpe");
  CHECK(run.exit.signaled(SIGFPE));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGFPE") == 1);
}

TEST_CASE("stack overflow in a worker: the handler runs on its alternate stack") {
  const Run run = run_scenario("overflow");
  CHECK(run.exit.signaled(SIGSEGV));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGSEGV") == 1);
}

TEST_CASE("a crash inside a sink, on the backend thread: the rest is still written") {
  const Run run = run_scenario("backend");
  CHECK(run.exit.signaled(SIGSEGV));
  // The file sink comes first, so it got the poison record before the poison sink crashed.
  require_all_records(run);
  CHECK(count_containing(run.log, "poison") == 1);
  CHECK(count_containing(run.log, "fatal signal SIGSEGV") == 1);
  CHECK(count_containing(run.log, "[ringlog-backend]") >= 1);  // the crash line's thread
}

TEST_CASE("SIGTERM with the default action: every record written, then death by SIGTERM") {
  const Run run = run_scenario("sigterm-default");
  CHECK(run.exit.signaled(SIGTERM));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGTERM (termination request)") == 1);
}

TEST_CASE("SIGTERM with the program's own handler: it runs, the program exits normally") {
  const Run run = run_scenario("sigterm-handled");
  CHECK(run.exit.exited(0));
  require_all_records(run);
  CHECK(count_containing(run.log, "program handler saw SIGTERM: true") == 1);
  CHECK(count_containing(run.log, "fatal signal") == 0);
}

TEST_CASE("SIGKILL after flush(): what flush() handed to the OS survives") {
  const Run run = run_scenario("kill-after-flush");
  CHECK(run.exit.signaled(SIGKILL));
  require_all_records(run);
}

TEST_CASE("return from main without stop(): the exit hook writes everything") {
  const Run run = run_scenario("exit-return");
  CHECK(run.exit.exited(0));
  require_all_records(run);
}

TEST_CASE("exit() without stop(): everything written, exit status kept") {
  const Run run = run_scenario("exit-call");
  CHECK(run.exit.exited(7));
  require_all_records(run);
}

TEST_CASE("exit() from a worker while other threads live: everything written") {
  const Run run = run_scenario("exit-thread");
  CHECK(run.exit.exited(9));
  require_all_records(run);
}

TEST_CASE("quick_exit() without stop(): everything written") {
  const Run run = run_scenario("quick-exit");
  CHECK(run.exit.exited(5));
  require_all_records(run);
}

TEST_CASE("a static destructor that logs during exit is written too") {
  const Run run = run_scenario("static-dtor");
  CHECK(run.exit.exited(0));
  require_all_records(run);
  CHECK(count_containing(run.log, "static destructor ran") == 1);
}

// The same crashes with the binary sink: the drain and the final flush must reach it too, and
// what it wrote must decode.
TEST_CASE("binary sink: SIGSEGV in a worker: every record decodes, then death by SIGSEGV") {
  const Run run = run_scenario("segv-worker", "binary");
  CHECK(run.exit.signaled(SIGSEGV));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGSEGV") == 1);
}

TEST_CASE("binary sink: abort(): every record decodes, then death by SIGABRT") {
  const Run run = run_scenario("abort", "binary");
  CHECK(run.exit.signaled(SIGABRT));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGABRT") == 1);
}

TEST_CASE("binary sink: an uncaught exception: every record decodes, the exception named") {
  const Run run = run_scenario("terminate", "binary");
  CHECK(run.exit.signaled(SIGABRT));
  require_all_records(run);
  CHECK(count_containing(run.log, "uncaught exception of type std::runtime_error") == 1);
}

TEST_CASE("binary sink: a crash inside another sink, on the backend thread") {
  const Run run = run_scenario("backend", "binary");
  CHECK(run.exit.signaled(SIGSEGV));
  require_all_records(run);
  CHECK(count_containing(run.log, "fatal signal SIGSEGV") == 1);
}

TEST_CASE("binary sink: return from main without stop(): everything decodes") {
  const Run run = run_scenario("exit-return", "binary");
  CHECK(run.exit.exited(0));
  require_all_records(run);
}
