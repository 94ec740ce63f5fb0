// A disk that fills up part-way through a batch, then frees space again: the record cut by the
// short write ends in a marker, the next record starts on a line of its own, and every record
// that did not make it is counted in stats().sink_lost_records. The full disk is RLIMIT_FSIZE in
// a forked child: the kernel's own short write then EFBIG, no mount and no root needed.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/child_process.h"
#include "support/log_file.h"

using namespace ringlog::test;

namespace {

constexpr std::string_view kMarker = "...[write failed]";
// No file may grow past this while the disk is "full". With "{message}" lines of 12 to 15 bytes,
// 8000 falls inside a record of the text files (10 x 12 bytes, 90 x 13, then 14 each).
constexpr rlim_t kFileLimit = 8000;
constexpr int kRecords = 2200;

void log_range(int first, int last) {
  ringlog::Logger& log = ringlog::get_logger("disk");
  for (int i = first; i < last; ++i) RLOG_INFO(log, "rec t=0 i={}", i);
  ringlog::flush();
}

// The child: logs through three line-based sinks while files are capped, then uncapped, and
// writes stats() to `stats_path`. Returns the exit status.
int fill_disk_in_child(const TempDir& dir) {
  ::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG instead of killing us
  rlimit uncapped{};
  if (::getrlimit(RLIMIT_FSIZE, &uncapped) != 0) return 10;
  ringlog::Config config;
  config.flush_interval = std::chrono::hours{1};  // one write per ringlog::flush()
  config.batch_size = 1'000'000;
  config.pattern = "{message}";
  config.error_handler = [](std::string_view) {};
  ringlog::start(config, {ringlog::file_sink(dir.file("app.log")),
                          ringlog::rotating_file_sink(dir.file("rot.log"), 1 << 20, 1),
                          ringlog::json_file_sink(dir.file("app.jsonl"))});
  log_range(0, 10);  // fits, also the JSON lines (about 200 bytes each)
  const rlimit capped{kFileLimit, uncapped.rlim_max};
  if (::setrlimit(RLIMIT_FSIZE, &capped) != 0) return 11;
  log_range(10, 2000);    // the disk fills part-way: a short write, then EFBIG
  log_range(2000, 2100);  // nothing fits
  if (::setrlimit(RLIMIT_FSIZE, &uncapped) != 0) return 12;
  log_range(2100, kRecords);  // space again
  ringlog::stop();
  const ringlog::Stats stats = ringlog::stats();
  FILE* out = std::fopen(dir.file("stats").c_str(), "w");
  if (out == nullptr) return 13;
  std::fprintf(out, "%llu %llu\n", static_cast<unsigned long long>(stats.written),
               static_cast<unsigned long long>(stats.sink_lost_records));
  return std::fclose(out) == 0 ? 0 : 14;
}

// What a file holds: complete records by index, lines ended by the marker, and lines that are
// neither (two records glued together, or a piece of one without the marker).
struct Content {
  std::set<int> records;
  std::size_t duplicates = 0;
  std::size_t torn = 0;
  std::vector<std::string> malformed;
};

// `json`: a complete record is one JSON object; else the whole line is "rec t=0 i=<index>".
Content read_content(const std::string& path, bool json) {
  Content c;
  for (const std::string& line : lines_of(read_file(path))) {
    if (line.ends_with(kMarker)) {
      ++c.torn;
      continue;
    }
    const std::size_t at = line.find("rec t=0 i=");
    int index = -1;
    bool whole = at != std::string::npos &&
                 std::sscanf(line.c_str() + at, "rec t=0 i=%d", &index) == 1 &&
                 line.find("rec t=", at + 1) == std::string::npos;
    if (json) {
      whole = whole && line.starts_with('{') && line.ends_with('}');
    } else {
      whole = whole && at == 0 && line == "rec t=0 i=" + std::to_string(index);
    }
    if (!whole) {
      c.malformed.push_back(line);
    } else if (!c.records.insert(index).second) {
      ++c.duplicates;
    }
  }
  return c;
}

}  // namespace

TEST_CASE(
    "a disk that fills mid-batch: cut record marked, next record on its own line, loss counted") {
  TempDir dir;
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) ::_exit(fill_disk_in_child(dir));
  const ChildExit exit = wait_child(pid, std::chrono::seconds{60});
  REQUIRE(exit.exited(0));

  unsigned long long written = 0, lost = 0;
  FILE* in = std::fopen(dir.file("stats").c_str(), "r");
  REQUIRE(in != nullptr);
  REQUIRE(std::fscanf(in, "%llu %llu", &written, &lost) == 2);
  std::fclose(in);
  CHECK(written == kRecords);

  std::size_t missing_in_files = 0;
  for (const auto& [name, json] :
       {std::pair{"app.log", false}, std::pair{"rot.log", false}, std::pair{"app.jsonl", true}}) {
    INFO(name);
    const Content c = read_content(dir.file(name), json);
    INFO("first malformed line: " << (c.malformed.empty() ? "" : c.malformed.front()));
    CHECK(c.malformed.empty());
    CHECK(c.duplicates == 0);
    // The limit falls inside a text record; a JSON line may end exactly at it (no marker then).
    if (json) {
      CHECK(c.torn <= 1);
    } else {
      CHECK(c.torn == 1);
    }
    // Written before the disk filled and after it had room again: every one of them.
    for (int i = 0; i < 10; ++i) CHECK(c.records.count(i) == 1);
    for (int i = 2100; i < kRecords; ++i) CHECK(c.records.count(i) == 1);
    CHECK(c.records.size() < static_cast<std::size_t>(kRecords));  // the fault did happen
    missing_in_files += kRecords - c.records.size();
  }
  // Every record missing from a file, and only those, is counted as lost.
  CHECK(lost == missing_in_files);
}
