// Every layout (pattern, JSON Lines, binary) on every target (console, file, rotating file),
// with the content checked, and sinks with their own patterns side by side.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "sinks/sink_records.h"
#include "support/temp_dir.h"

namespace {

using namespace ringlog::test;

// Points stderr at a file for the test's lifetime, so a console sink's output can be read.
class StderrToFile {
 public:
  explicit StderrToFile(const std::string& path) : saved_(::dup(STDERR_FILENO)) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(fd >= 0);
    REQUIRE(::dup2(fd, STDERR_FILENO) == STDERR_FILENO);
    ::close(fd);
  }
  ~StderrToFile() {
    ::dup2(saved_, STDERR_FILENO);
    ::close(saved_);
  }

 private:
  int saved_;
};

std::vector<std::string> pattern_lines(int first, int last, const std::string& prefix) {
  std::vector<std::string> lines;
  for (int i = first; i < last; ++i)
    lines.push_back(prefix + "rec i=" + std::to_string(i) + " side=buy");
  return lines;
}

std::vector<std::string> messages(int first, int last) {
  std::vector<std::string> lines;
  for (int i = first; i < last; ++i) lines.push_back("rec i=" + std::to_string(i));
  return lines;
}

// The files a rotating sink left: path.<max_backups> ... path.1, path, oldest first.
std::vector<std::string> rotated_files(const std::string& path, std::size_t max_backups) {
  std::vector<std::string> files;
  for (std::size_t n = max_backups; n >= 1; --n) {
    const std::string name = path + "." + std::to_string(n);
    if (std::filesystem::exists(name)) files.push_back(name);
  }
  files.push_back(path);
  return files;
}

}  // namespace

TEST_CASE("pattern layout with its own pattern on the console") {
  TempDir dir;
  ErrorLog errors;
  {
    const StderrToFile redirect(dir.file("stderr.txt"));
    ringlog::start(quiet_config(errors),
                   {ringlog::console_sink(ringlog::pattern_layout("{level}|{logger}|{message}"),
                                          ringlog::ConsoleStream::err, ringlog::Colour::never)});
    log_range(0, 3);
    ringlog::stop();
  }
  CHECK(read_lines(dir.file("stderr.txt")) == pattern_lines(0, 3, "INFO |sinks|"));
  CHECK(errors.messages().empty());
}

TEST_CASE("JSON Lines on the console") {
  TempDir dir;
  ErrorLog errors;
  {
    const StderrToFile redirect(dir.file("stderr.txt"));
    ringlog::start(quiet_config(errors), {ringlog::console_sink(ringlog::json_lines_layout(),
                                                                ringlog::ConsoleStream::err)});
    log_range(0, 3);
    ringlog::stop();
  }
  CHECK(json_messages(dir.file("stderr.txt")) == messages(0, 3));
  const CommandResult fields =
      python_json_lines(dir.file("stderr.txt"), "o[\"fields\"][\"side\"] + \" \" + o[\"logger\"]");
  CHECK(split_lines(fields.output) == std::vector<std::string>(3, "buy sinks"));
}

TEST_CASE("the binary layout on the console is refused when the sink is made") {
  CHECK_THROWS_AS(ringlog::console_sink(ringlog::binary_layout()), std::invalid_argument);
  CHECK_THROWS_WITH(ringlog::console_sink(ringlog::binary_layout()),
                    Catch::Contains("binary_layout") && Catch::Contains("file"));
}

TEST_CASE("each layout on a file") {
  TempDir dir;
  ErrorLog errors;
  const std::string text = dir.file("app.log");
  const std::string json = dir.file("app.jsonl");
  const std::string binary = dir.file("app.rlog");
  ringlog::start(quiet_config(errors),
                 {ringlog::file_sink(text, ringlog::pattern_layout("[{logger}] {message}")),
                  ringlog::file_sink(json, ringlog::json_lines_layout()),
                  ringlog::file_sink(binary, ringlog::binary_layout())});
  log_range(0, 50);
  ringlog::stop();
  CHECK(read_lines(text) == pattern_lines(0, 50, "[sinks] "));
  CHECK(json_messages(json) == messages(0, 50));
  CHECK(binary_messages(binary) == messages(0, 50));
  // The binary log renders with Config::pattern, as ringlog-cat would print it.
  CHECK(split_lines(decode_file(binary).text) == pattern_lines(0, 50, ""));
  CHECK(errors.messages().empty());
}

TEST_CASE("each layout on a rotating file: every file under the cap, all records once, in order") {
  const auto layout = GENERATE(ringlog::Layout::Kind::pattern, ringlog::Layout::Kind::json_lines,
                               ringlog::Layout::Kind::binary);
  CAPTURE(static_cast<int>(layout));
  TempDir dir;
  ErrorLog errors;
  const std::string path = dir.file("app.out");
  constexpr std::size_t kMaxBytes = 2048;
  constexpr std::size_t kBackups = 100;  // enough that nothing is deleted
  ringlog::Layout spec;
  spec.kind = layout;
  ringlog::start(quiet_config(errors),
                 {ringlog::rotating_file_sink(path, kMaxBytes, kBackups, spec)});
  log_range(0, 200);
  log_range(200, 400);
  ringlog::stop();

  const std::vector<std::string> files = rotated_files(path, kBackups);
  CHECK(files.size() >= 3);
  std::vector<std::string> all;
  for (const std::string& file : files) {
    CAPTURE(file);
    CHECK(std::filesystem::file_size(file) <= kMaxBytes);
    std::vector<std::string> in_file;
    switch (layout) {
      case ringlog::Layout::Kind::pattern:
        in_file = read_lines(file);
        break;
      case ringlog::Layout::Kind::json_lines:
        in_file = json_messages(file);
        break;
      case ringlog::Layout::Kind::binary:
        in_file = binary_messages(file);  // each file decodes on its own
        break;
    }
    CHECK_FALSE(in_file.empty());
    all.insert(all.end(), in_file.begin(), in_file.end());
  }
  CHECK(record_numbers(all) == range(0, 400));
  CHECK(errors.messages().empty());
}

TEST_CASE("two files with two patterns, and a third with Config's, from the same records") {
  TempDir dir;
  ErrorLog errors;
  ringlog::Config config = quiet_config(errors);
  config.pattern = "cfg {message}";
  ringlog::start(
      config,
      {ringlog::file_sink(dir.file("a.log"), ringlog::pattern_layout("A {level} {message}")),
       ringlog::file_sink(dir.file("b.log"), ringlog::pattern_layout("B <{logger}> {message}")),
       ringlog::file_sink(dir.file("c.log"))});
  log_range(0, 5);
  ringlog::stop();
  CHECK(read_lines(dir.file("a.log")) == pattern_lines(0, 5, "A INFO  "));
  CHECK(read_lines(dir.file("b.log")) == pattern_lines(0, 5, "B <sinks> "));
  CHECK(read_lines(dir.file("c.log")) == pattern_lines(0, 5, "cfg "));
}

TEST_CASE("a per-sink time zone: UTC in one file, local time in the other") {
  TempDir dir;
  ErrorLog errors;
  ::setenv("TZ", "UTC-5", 1);  // five hours east of UTC, no daylight saving
  ::tzset();
  ringlog::Config config = quiet_config(errors);
  config.utc_time = true;
  ringlog::start(
      config,
      {ringlog::file_sink(dir.file("utc.log"), ringlog::pattern_layout("{clock}")),
       ringlog::file_sink(dir.file("local.log"), ringlog::pattern_layout("{clock}", false))});
  log_range(0, 1);
  ringlog::stop();
  ::unsetenv("TZ");
  ::tzset();
  const auto utc = read_lines(dir.file("utc.log"));
  const auto local = read_lines(dir.file("local.log"));
  REQUIRE(utc.size() == 1);
  REQUIRE(local.size() == 1);
  const int utc_hour = std::stoi(utc[0].substr(0, 2));
  const int local_hour = std::stoi(local[0].substr(0, 2));
  CHECK((utc_hour + 5) % 24 == local_hour);
}

TEST_CASE("a bad per-sink pattern fails start() with the field named") {
  TempDir dir;
  ErrorLog errors;
  CHECK_THROWS_WITH(
      ringlog::start(
          quiet_config(errors),
          {ringlog::file_sink(dir.file("x.log"), ringlog::pattern_layout("{nope} {message}"))}),
      Catch::Contains("nope"));
}
