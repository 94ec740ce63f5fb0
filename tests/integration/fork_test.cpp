// fork() in a program that logs: the child logs too and nothing is written twice; a child
// forked while ringlog is stuck does not hang. Also the read-only-directory fault, which needs
// a child process that can lose root's right to write anywhere.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <latch>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/child_process.h"
#include "support/error_log.h"
#include "support/log_file.h"

using namespace ringlog::test;
using namespace std::chrono_literals;

namespace {
// Set in forked children: see __lsan_is_turned_off() below.
bool g_forked_child = false;
}  // namespace

// LeakSanitizer hook (unused without it). A child forked from a multi-threaded process inherits
// memory that only the parent's other threads referenced (their stacks, a ring being handed
// over); those threads do not exist in the child, so a leak check at the child's exit() reports
// memory the child could never free. The parent's own leak check still runs.
extern "C" int __lsan_is_turned_off() {
  return g_forked_child ? 1 : 0;
}

namespace {

ringlog::Config message_only() {
  ringlog::Config config;
  config.pattern = "{message}";
  return config;
}

// Runs `body` in a forked child whose stdout/stderr go to `output_path`; the child exits with
// what `body` returns (or whatever exit/crash `body` causes).
// The redirection happens around fork() in the parent, so what ringlog's fork hook writes in
// the child is captured too.
template <typename Body>
ChildExit in_child(const std::string& output_path, Body body) {
  std::fflush(nullptr);
  const int fd = ::open(output_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  ::dup2(fd, STDOUT_FILENO);
  ::dup2(fd, STDERR_FILENO);
  const pid_t pid = ::fork();
  if (pid == 0) {
    g_forked_child = true;
    ::_exit(body());
  }
  ::dup2(saved_out, STDOUT_FILENO);
  ::dup2(saved_err, STDERR_FILENO);
  for (const int f : {fd, saved_out, saved_err}) ::close(f);
  REQUIRE(pid > 0);
  return wait_child(pid, 30s);
}

// A sink whose write() blocks, with the sinks' lock held, until released.
class BlockingSink final : public ringlog::Sink {
 public:
  void open(const ringlog::SinkContext&) override {}
  void write(const ringlog::LogEvent&) override {
    if (blocked_once_.exchange(true)) return;
    entered.count_down();
    release.wait();
  }
  void flush() override {}
  std::latch entered{1};
  std::latch release{1};

 private:
  std::atomic<bool> blocked_once_{false};
};

}  // namespace

TEST_CASE("children forked while threads log write their own records; none is written twice") {
  TempDir dir;
  const std::string path = dir.file("app.log");
  ringlog::start(message_only(), {ringlog::file_sink(path)});
  ringlog::Logger& log = ringlog::get_logger("fork");
  constexpr int kParentRecords = 50'000;
  constexpr int kChildren = 8;
  constexpr int kChildRecords = 100;
  std::vector<std::thread> parents;
  // The first fork waits until both threads have their rings: after that they never allocate.
  // GCC 12's AddressSanitizer allocator has no fork handler (glibc's malloc has), so a child
  // forked while another thread is inside malloc can deadlock in its own first malloc.
  std::latch rings_ready{2};
  for (int t = 0; t < 2; ++t) {
    parents.emplace_back([&log, &rings_ready, t] {
      ringlog::preallocate();
      rings_ready.count_down();
      for (int i = 0; i < kParentRecords; ++i) RLOG_INFO(log, "rec t={} i={}", t, i);
    });
  }
  rings_ready.wait();
  for (int k = 0; k < kChildren; ++k) {
    // Child k logs as threads 10+k (the forking thread) and 20+k (a thread of its own).
    const ChildExit child = in_child(dir.file("child.txt"), [&log, k] {
      for (int i = 0; i < kChildRecords; ++i) RLOG_INFO(log, "rec t={} i={}", 10 + k, i);
      std::thread([&log, k] {
        for (int i = 0; i < kChildRecords; ++i) RLOG_INFO(log, "rec t={} i={}", 20 + k, i);
      }).join();
      if (k % 2 == 0) std::exit(0);  // the exit hook writes the child's records
      ringlog::stop();
      return 0;
    });
    INFO("child " << k << " " << child.describe() << ": " << read_file(dir.file("child.txt")));
    CHECK(child.exited(0));
  }
  for (auto& p : parents) p.join();
  ringlog::stop();

  const RecordCheck check = check_records(read_file(path));
  CHECK(check.duplicates == 0);
  CHECK(check.out_of_order == 0);
  CHECK(check.seen.size() == 2 + 2 * kChildren);
  for (const auto& [t, counts] : check.seen) {
    INFO("thread " << t);
    CHECK(counts.size() == static_cast<std::size_t>(t < 2 ? kParentRecords : kChildRecords));
    CHECK(std::count(counts.begin(), counts.end(), 1) == static_cast<long>(counts.size()));
  }
}

TEST_CASE("a child forked while a sink is blocked does not hang, and can start its own logging") {
  TempDir dir;
  auto blocking = std::make_shared<BlockingSink>();
  ringlog::start(message_only(), {blocking});
  RLOG_INFO(ringlog::get_logger("fork"), "the backend blocks in the sink on this one");
  blocking->entered.wait();  // the backend is inside write(), holding the sinks' lock

  const std::string child_log = dir.file("child.log");
  const ChildExit child = in_child(dir.file("child.txt"), [&child_log] {
    ringlog::Logger& log = ringlog::get_logger("fork");
    RLOG_INFO(log, "rec t=0 i=0");  // waits in the ring for the child's own start()
    ringlog::flush();               // returns at once: no backend here
    if (ringlog::is_running()) return 3;
    ringlog::start(message_only(), {ringlog::file_sink(child_log)});
    for (int i = 1; i < 100; ++i) RLOG_INFO(log, "rec t=0 i={}", i);
    ringlog::stop();
    return 0;
  });
  blocking->release.count_down();
  ringlog::stop();
  const std::string output = read_file(dir.file("child.txt"));
  INFO(child.describe() << ": " << output);
  CHECK(child.exited(0));
  CHECK(count_containing(output,
                         "this child process does not log until it calls "
                         "ringlog::start()") == 1);
  const RecordCheck check = check_records(read_file(child_log));
  CHECK(check.complete(1, 100));
  CHECK(check.out_of_order == 0);
}

TEST_CASE("a log directory made read-only: reported once with a count; resumes after") {
  TempDir dir;
  const std::string logs = dir.file("logs");
  REQUIRE(::mkdir(logs.c_str(), 0755) == 0);
  // Root may write into a read-only directory: the child gives up root first.
  constexpr uid_t kNobody = 65534;
  const bool root = ::geteuid() == 0;
  if (root) {
    REQUIRE(::chown(dir.path().c_str(), kNobody, kNobody) == 0);
    REQUIRE(::chown(logs.c_str(), kNobody, kNobody) == 0);
  }
  const std::string path = logs + "/app.log";
  const ChildExit child = in_child(dir.file("child.txt"), [&] {
    if (root && (::setgid(kNobody) != 0 || ::setuid(kNobody) != 0)) return 10;
    ErrorLog errors;
    ringlog::Config config = message_only();
    config.flush_interval = std::chrono::hours{1};
    config.batch_size = 1'000'000;
    config.error_handler = errors.handler();
    ringlog::start(config, {ringlog::file_sink(path)});
    ringlog::Logger& log = ringlog::get_logger("fork");
    const auto log_range = [&log](int first, int last) {
      for (int i = first; i < last; ++i) RLOG_INFO(log, "rec t=0 i={}", i);
      ringlog::flush();
    };
    log_range(0, 100);
    if (::unlink(path.c_str()) != 0 || ::chmod(logs.c_str(), 0555) != 0) return 11;
    log_range(100, 150);
    log_range(150, 200);
    if (errors.count("cannot reopen log file") != 1) return 12;
    if (errors.count("Permission denied") != 1) return 13;
    if (::chmod(logs.c_str(), 0755) != 0) return 14;
    log_range(200, 250);
    if (errors.count("works again after 2 failed attempts") != 1) return 15;
    ringlog::stop();
    std::printf("%s", errors.all().c_str());
    return 0;
  });
  INFO(child.describe() << ": " << read_file(dir.file("child.txt")));
  CHECK(child.exited(0));
  const RecordCheck check = check_records(read_file(path));
  CHECK(check.total == 50);
  CHECK(check.duplicates == 0);
  CHECK(check.missing(1, 250) == 200);  // only 200..249 are in the new file
}
