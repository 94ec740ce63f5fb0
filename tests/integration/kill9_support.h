// SIGKILL at a random moment, then recovery: the child's loop, the kill, and the check that
// every record is present exactly once (kill9_test.cpp, and the stress suite's longer runs).
#pragma once

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/child_process.h"
#include "support/run_command.h"

namespace ringlog::test {

enum class Pace { flat_out, steady_100k, full_ring, during_stop };

struct KillCase {
  Pace pace = Pace::flat_out;
  bool ring_files = true;  // false: the control run, Config::ring_dir empty
};

// Shared with the child (mapped before fork()): the last sequence number a log call returned for.
struct Published {
  std::atomic<std::uint64_t> last{0};
};

// The child: logs "seq N" (N = 1, 2, ...) to a text, a JSON and a binary file sink until killed.
[[noreturn]] inline void kill9_child(const KillCase& c, const TempDir& dir, Published& published) {
  ringlog::Config config;
  config.pattern = "{level} {message}";
  if (c.ring_files) config.ring_dir = dir.file("rings");
  if (c.pace == Pace::full_ring) config.queue_bytes = 4096;
  const auto sinks = [&] {
    return std::vector<ringlog::SinkPtr>{
        ringlog::file_sink(dir.file("text.log")),
        ringlog::file_sink(dir.file("json.log"), ringlog::json_lines_layout()),
        ringlog::file_sink(dir.file("bin.rlog"), ringlog::binary_layout())};
  };
  ringlog::start(config, sinks());
  auto& log = ringlog::get_logger("kill9");
  const auto period = std::chrono::nanoseconds(10'000);  // 100k records/s
  auto next = std::chrono::steady_clock::now();
  for (std::uint64_t seq = 1;; ++seq) {
    RLOG_INFO(log, "seq {}", seq);
    // Release: the parent that reads N finds record N committed to the ring (or written).
    published.last.store(seq, std::memory_order_release);
    if (c.pace == Pace::steady_100k) {
      next += period;
      while (std::chrono::steady_clock::now() < next) {
      }
    } else if (c.pace == Pace::during_stop && seq == 30'000) {
      ringlog::stop();  // the kill may land anywhere in here, or after it
      for (;;) ::pause();
    }
  }
}

inline std::vector<std::string> file_lines(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A JSON Lines record of the child's: "message":"seq N" and the object's end.
inline const char* const kJsonRecord =
    R"re(\{"time":"[^"]+","level":"INFO",.*"message":"seq (\d+)"\})re";

struct KillResult {
  std::uint64_t published = 0;
  std::uint64_t missing = 0;     // sequence numbers <= published found in no record
  std::uint64_t duplicates = 0;  // records beyond the first of a sequence number
  std::uint64_t wrong = 0;       // lines that are neither a record nor a torn-line marker
  std::uint64_t skipped = 0;     // records recovery found already written, so not repeated
  std::string detail;            // the first problems, for the failure message
};

// Counts "INFO seq N" lines of `lines`; a line followed by the torn-line marker is not a record.
inline void count_text(const std::vector<std::string>& lines, const std::regex& record,
                       const std::string& marker_prefix, std::uint64_t published, KillResult& r) {
  std::map<std::uint64_t, int> seen;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.rfind(marker_prefix, 0) == 0) continue;
    if (i + 1 < lines.size() && lines[i + 1].rfind(marker_prefix, 0) == 0) continue;  // cut
    std::smatch m;
    if (!std::regex_match(line, m, record)) {
      if (line.find("ringlog: ") == 0) continue;  // ringlog's own notes
      ++r.wrong;
      if (r.detail.size() < 400) r.detail += "unexpected line: " + line.substr(0, 300) + "\n";
      continue;
    }
    const std::uint64_t seq = std::stoull(m[1].str());
    // published + 1: that call may have returned, its number not yet published.
    if (seq == 0 || seq > published + 1) {
      ++r.wrong;
      if (r.detail.size() < 400) r.detail += "wrong record: " + line + "\n";
    }
    if (++seen[seq] > 1) ++r.duplicates;
  }
  for (std::uint64_t s = 1; s <= published; ++s) {
    if (seen.count(s) == 0) {
      if (r.missing == 0) r.detail += "first missing: seq " + std::to_string(s) + "\n";
      ++r.missing;
    }
  }
}

// ringlog-cat --recover's count of records it did not append again (its stderr in `path`).
inline std::uint64_t skipped_records(const std::string& path) {
  std::uint64_t skipped = 0;
  const std::regex note(R"(ringlog-cat: (\d+) of them were already at the end of .*)");
  for (const std::string& line : file_lines(path)) {
    std::smatch m;
    if (std::regex_match(line, m, note)) skipped += std::stoull(m[1].str());
  }
  return skipped;
}

// Forks the child, kills it at a random moment after it logged `min_records`, recovers with
// ringlog-cat (when the case has ring files) and counts each sink's records.
inline std::vector<KillResult> kill_and_recover(const KillCase& c, const std::string& cat,
                                                std::mt19937_64& rng) {
  TempDir dir;
  void* shared =
      ::mmap(nullptr, sizeof(Published), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (shared == MAP_FAILED) throw std::runtime_error("mmap failed");
  auto* published = new (shared) Published;
  const pid_t pid = ::fork();
  if (pid == 0) kill9_child(c, dir, *published);
  // Wait until the child has logged a few thousand records (bounded: a child that never gets
  // there is a failure, reported by the check below), then pick the kill moment at random.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (published->last.load(std::memory_order_acquire) < 5'000 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::yield();
  }
  std::uniform_int_distribution<int> delay_us(0, 50'000);
  std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));  // picks the moment
  ::kill(pid, SIGKILL);
  wait_child(pid, std::chrono::seconds(60));
  const std::uint64_t last = published->last.load(std::memory_order_acquire);
  ::munmap(shared, sizeof(Published));
  std::uint64_t skipped[3] = {};
  if (c.ring_files) {
    const std::string rings = dir.file("rings");
    const std::string err = " 2>" + dir.file("recover.err");
    run_command(cat + " --recover " + rings + " --append " + dir.file("text.log") + err);
    skipped[0] = skipped_records(dir.file("recover.err"));
    run_command(cat + " --recover " + rings + " --json --append " + dir.file("json.log") + err);
    skipped[1] = skipped_records(dir.file("recover.err"));
    run_command(cat + " --recover " + rings + " --append-binary " + dir.file("bin.rlog") + err);
    skipped[2] = skipped_records(dir.file("recover.err"));
  }
  const std::string text_marker = "ringlog: the previous line is incomplete";
  std::vector<KillResult> results(3);
  for (std::size_t s = 0; s < results.size(); ++s) {
    results[s].published = last;
    results[s].skipped = skipped[s];
  }
  count_text(file_lines(dir.file("text.log")), std::regex(R"(INFO +seq (\d+))"), text_marker, last,
             results[0]);
  count_text(file_lines(dir.file("json.log")), std::regex(kJsonRecord),
             "{\"ringlog\":\"the previous line is incomplete", last, results[1]);
  const CommandResult decoded =
      run_command(cat + " -p '{level} {message}' " + dir.file("bin.rlog") + " 2>/dev/null");
  std::vector<std::string> bin_lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = decoded.output.find('\n', start)) != std::string::npos;
       start = nl + 1) {
    bin_lines.push_back(decoded.output.substr(start, nl - start));
  }
  count_text(bin_lines, std::regex(R"(INFO +seq (\d+))"), text_marker, last, results[2]);
  return results;
}

}  // namespace ringlog::test
