// Hostile strings in text output (log injection, CWE-117): whatever a message argument, a logger
// name, a thread name, a kv() field or a context value holds, the file and console sinks write
// one physical line per record with no raw control byte; the JSON sink stays one valid line too.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/log_file.h"
#include "support/temp_dir.h"

using namespace std::string_literals;
using ringlog::test::read_file;
using ringlog::test::TempDir;

namespace {

struct Hostile {
  const char* what;
  std::string text;    // what the program logs (at most 31 bytes: it is a thread name too)
  std::string bare;    // as a message or name is printed
  std::string quoted;  // as a field value is printed
};

const std::vector<Hostile>& hostile_table() {
  static const std::vector<Hostile> table = {
      {"newline forging a record", "ok\n2026-12-02 INFO forged", R"(ok\n2026-12-02 INFO forged)",
       R"("ok\n2026-12-02 INFO forged")"},
      {"carriage return", "a\rb", R"(a\rb)", R"("a\rb")"},
      {"ANSI colour", "\x1b[31mred\x1b[0m", R"(\x1b[31mred\x1b[0m)", R"("\x1b[31mred\x1b[0m")"},
      {"NUL", "a\0b"s, R"(a\x00b)", R"("a\x00b")"},
      {"BEL", "ding\a", R"(ding\x07)", R"("ding\x07")"},
      {"tab", "a\tb", R"(a\tb)", R"("a\tb")"},
      {"DEL", "a\x7f", R"(a\x7f)", R"("a\x7f")"},
      {"every other C0 byte", "\x01\x1f", R"(\x01\x1f)", R"("\x01\x1f")"},
      {"valid UTF-8 passes unchanged", "caf\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80",
       "caf\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "caf\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"},
      {"invalid UTF-8 passes unchanged", "\xff\xfe\xc3", "\xff\xfe\xc3", "\xff\xfe\xc3"},
      {"backslash is not a control byte", R"(C:\dir\n)", R"(C:\dir\n)", R"("C:\\dir\\n")"},
  };
  return table;
}

// Logs one record per table entry, each with the entry as thread name, logger name, message
// argument, context value and kv() value. Pattern "{thread}|{logger}|{message}", fields after.
void log_hostile_records() {
  for (const Hostile& h : hostile_table()) {
    ringlog::set_thread_name(h.text);
    const ringlog::Context context{{"c", h.text}};
    RLOG_INFO(ringlog::get_logger(h.text), "m={}", h.text, ringlog::kv("k", h.text));
  }
  ringlog::set_thread_name("main");
}

ringlog::Config hostile_config() {
  ringlog::Config config;
  config.pattern = "{thread}|{logger}|{message}";
  return config;
}

std::string expected_text() {
  std::string text;
  for (const Hostile& h : hostile_table()) {
    text += h.bare + "|" + h.bare + "|m=" + h.bare + " c=" + h.quoted + " k=" + h.quoted + "\n";
  }
  return text;
}

// One physical line per record, and no byte below 0x20 or 0x7F but the line ends.
void check_one_line_per_record(const std::string& text, std::size_t records) {
  std::size_t newlines = 0;
  std::size_t control_bytes = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      ++newlines;
    } else if (c < 0x20 || c == 0x7F) {
      ++control_bytes;
    }
  }
  CHECK(newlines == records);
  CHECK(control_bytes == 0);
  CHECK((text.empty() || text.back() == '\n'));
}

// Points standard output at a file for as long as it lives.
class StdoutToFile {
 public:
  explicit StdoutToFile(const std::string& path) {
    std::cout.flush();
    std::fflush(stdout);
    saved_ = ::dup(STDOUT_FILENO);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    REQUIRE(saved_ >= 0);
    REQUIRE(fd >= 0);
    REQUIRE(::dup2(fd, STDOUT_FILENO) == STDOUT_FILENO);
    ::close(fd);
  }
  ~StdoutToFile() {
    ::dup2(saved_, STDOUT_FILENO);
    ::close(saved_);
  }
  StdoutToFile(const StdoutToFile&) = delete;
  StdoutToFile& operator=(const StdoutToFile&) = delete;

 private:
  int saved_ = -1;
};

}  // namespace

TEST_CASE("text sinks write hostile strings escaped, one line per record, no control byte") {
  TempDir dir;
  const std::string file = dir.file("app.log");
  const std::string console = dir.file("console.out");
  const std::string json = dir.file("app.jsonl");
  {
    const StdoutToFile redirect(console);
    ringlog::start(hostile_config(),
                   {ringlog::file_sink(file),
                    ringlog::console_sink(ringlog::ConsoleStream::out, ringlog::Colour::never),
                    ringlog::json_file_sink(json)});
    log_hostile_records();
    ringlog::stop();
  }
  const std::size_t records = hostile_table().size();
  const std::string text = read_file(file);
  check_one_line_per_record(text, records);
  CHECK(text == expected_text());
  // The console sink lays out records with the same layout: the same bytes.
  CHECK(read_file(console) == text);
  // JSON escapes by its own rules (\u0000 and friends): also one line per record, no raw byte.
  check_one_line_per_record(read_file(json), records);
}

TEST_CASE("the pattern's own text is configuration: written as given, tab included") {
  TempDir dir;
  const std::string file = dir.file("app.log");
  ringlog::Config config;
  config.pattern = "{level}\t{message}";
  ringlog::start(config, {ringlog::file_sink(file)});
  RLOG_WARN(ringlog::get_logger("tabs"), "a\tb{}", "\t");
  ringlog::stop();
  CHECK(read_file(file) == "WARN \ta\\tb\\t\n");
}
