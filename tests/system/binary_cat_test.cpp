// ringlog-cat as users run it: output equal to the text sink's, JSON that real parsers accept,
// filters, merging, stdin, pipes, --follow across rotation, and the documented exit statuses.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "codec/binary_format.h"
#include "ringlog/ringlog.h"
#include "support/binary_decode.h"
#include "support/ringlog_cat.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

using ringlog::test::read_file;
using ringlog::test::run_command;
using ringlog::test::TempDir;

namespace {

// Runs ringlog-cat with `args` (a shell fragment); stderr goes to `err_file`.
ringlog::test::CommandResult cat(const std::string& args, const std::string& err_file) {
  return run_command(ringlog::test::ringlog_cat_path() + " " + args + " 2>" + err_file);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    lines.push_back(text.substr(start, nl - start));
  }
  return lines;
}

// One run logging to a text file and a binary file at once.
struct Run {
  std::string text, binary;
};

Run log_sample(const TempDir& dir, const std::string& name) {
  Run r{dir.file(name + ".log"), dir.file(name + ".rlog")};
  ringlog::start({}, {ringlog::file_sink(r.text), ringlog::binary_file_sink(r.binary)});
  ringlog::set_thread_name("cat-main");
  ringlog::Logger& orders = ringlog::get_logger("orders");
  ringlog::Logger& risk = ringlog::get_logger("risk");
  for (int i = 0; i < 30; ++i) RLOG_INFO(orders, "order {} qty {} px {:.2f}", i, i * 5, 10.5 + i);
  RLOG_WARN(risk, "limit {} of {} used", 90, 100);
  RLOG_ERROR(orders, "nasty \"{}\" {} {} {}", "quote\\back\nslash\ttab\x01", "\xff\xfe bad utf8",
             std::string_view("nul\0inside", 10), "caf\xc3\xa9 \xe2\x82\xac");
  RLOG_INFO(orders, "typed {} {} {} {} {} {}", true, 'c', -7, 3.25, 1e308 * 10,
            static_cast<const void*>(nullptr));
  std::thread([&risk] {
    ringlog::set_thread_name("risk-worker");
    RLOG_CRITICAL(risk, "breach on {}", "XNAS");
  }).join();
  ringlog::stop();
  return r;
}

}  // namespace

TEST_CASE("ringlog-cat prints exactly the text sink's bytes, silently, with status 0") {
  TempDir dir;
  const Run run = log_sample(dir, "app");
  const auto err = dir.file("err");
  const auto out = cat(run.binary, err);
  CHECK(out.exit_code == 0);
  CHECK(out.output == read_file(run.text));
  CHECK(read_file(err).empty());
  // Standard input, implicit and as "-".
  CHECK(cat("< " + run.binary, err).output == read_file(run.text));
  CHECK(
      run_command("cat " + run.binary + " | " + ringlog::test::ringlog_cat_path() + " -").output ==
      read_file(run.text));
}

TEST_CASE("hostile strings and names: ringlog-cat escapes them exactly as the text sink") {
  TempDir dir;
  const Run run{dir.file("hostile.log"), dir.file("hostile.rlog")};
  const std::vector<std::string> hostile = {"ok\n2026-12-02 INFO forged", "\r\x1b[31mred\a",
                                            std::string("nul\0\t\x7f", 6), "caf\xc3\xa9 \xff\xfe"};
  ringlog::start({}, {ringlog::file_sink(run.text), ringlog::binary_file_sink(run.binary)});
  for (const std::string& h : hostile) {
    ringlog::set_thread_name(h);
    const ringlog::Context context{{"c", h}};
    RLOG_WARN(ringlog::get_logger(h), "m={}", h, ringlog::kv("k", h));
  }
  ringlog::stop();
  const std::string text = read_file(run.text);
  CHECK(lines_of(text).size() == hostile.size());
  CHECK(text.find('\x1b') == std::string::npos);
  const auto out = cat(run.binary, dir.file("err"));
  CHECK(out.exit_code == 0);
  CHECK(out.output == text);
}

TEST_CASE("--json lines are valid JSON for python3 and jq, whatever the strings hold") {
  TempDir dir;
  const Run run = log_sample(dir, "app");
  const auto json_path = dir.file("out.json");
  REQUIRE(cat("--json " + run.binary + " >" + json_path, dir.file("err")).exit_code == 0);
  // python3 parses every line and prints the fields we check, ASCII-escaped.
  const auto py = ringlog::test::python_json_lines(
      json_path,
      "json.dumps([o[\"level\"], o[\"logger\"], o[\"thread\"], o[\"source\"].split(\":\")[0], "
      "o[\"message\"], o[\"args\"]])");
  REQUIRE(py.exit_code == 0);
  const auto rows = lines_of(py.output);
  REQUIRE(rows.size() == 34);
  CHECK(
      rows[0] ==
      R"(["INFO", "orders", "cat-main", "binary_cat_test.cpp", "order 0 qty 0 px 10.50", [0, 0, 10.5]])");
  CHECK(
      rows[30] ==
      R"(["WARN", "risk", "cat-main", "binary_cat_test.cpp", "limit 90 of 100 used", [90, 100]])");
  CHECK(
      rows[31] ==
      R"(["ERROR", "orders", "cat-main", "binary_cat_test.cpp", "nasty \"quote\\back\nslash\ttab\u0001\" \ufffd\ufffd bad utf8 nul\u0000inside caf\u00e9 \u20ac", )"
      R"(["quote\\back\nslash\ttab\u0001", "\ufffd\ufffd bad utf8", "nul\u0000inside", "caf\u00e9 \u20ac"]])");
  CHECK(
      rows[32] ==
      R"(["INFO", "orders", "cat-main", "binary_cat_test.cpp", "typed true c -7 3.25 inf 0x0", [true, "c", -7, 3.25, "inf", "0x0"]])");
  CHECK(rows[33] ==
        R"(["CRIT", "risk", "risk-worker", "binary_cat_test.cpp", "breach on XNAS", ["XNAS"]])");
  const auto jq =
      run_command("jq -c -e '.time | test(\"^[0-9-]+T[0-9:.]+Z$\")' " + json_path + " | sort -u");
  CHECK(jq.exit_code == 0);
  CHECK(jq.output == "true\n");
}

TEST_CASE("filters select by level, logger, thread, message and time") {
  TempDir dir;
  const Run run = log_sample(dir, "app");
  const auto err = dir.file("err");
  // One line per record whatever the messages hold (one has a newline).
  const auto select = [&](const std::string& filter) {
    return lines_of(cat("-p '{level}|{logger}|{thread}' " + filter + " " + run.binary, err).output);
  };
  using V = std::vector<std::string>;
  CHECK(select("--level warn") ==
        V{"WARN |risk|cat-main", "ERROR|orders|cat-main", "CRIT |risk|risk-worker"});
  CHECK(select("-l ERROR") == V{"ERROR|orders|cat-main", "CRIT |risk|risk-worker"});
  CHECK(select("--logger risk") == V{"WARN |risk|cat-main", "CRIT |risk|risk-worker"});
  CHECK(select("--logger risk --logger orders").size() == 34);
  CHECK(select("--thread risk-worker") == V{"CRIT |risk|risk-worker"});
  CHECK(select("--thread risk-worker --level info --logger orders").empty());
  const auto grep = lines_of(cat("--grep '^order 2[0-9] ' " + run.binary, err).output);
  REQUIRE(grep.size() == 10);
  CHECK(grep[0].ends_with("order 20 qty 100 px 30.50"));
  // Times: a record's own timestamp as printed (UTC, no zone) selects from it on. The clock may
  // give neighbours the same nanosecond (it ticks in 10 ns steps on some machines), so take the
  // first record from the 11th on whose time differs from its predecessor's: then exactly the
  // records before it are older.
  const auto all = lines_of(read_file(run.text));
  const auto time_of = [&](std::size_t i) { return all[i].substr(0, 29); };  // "...SS.nnnnnnnnn"
  std::size_t k = 10;
  while (k < all.size() && time_of(k) == time_of(k - 1)) ++k;
  REQUIRE(k < all.size());
  const std::string tk = time_of(k);
  const auto since = lines_of(cat("--since '" + tk + "' " + run.binary, err).output);
  CHECK(since.size() == all.size() - k);
  CHECK(since.front() == all[k]);
  const auto until = lines_of(cat("--until '" + tk + "Z' " + run.binary, err).output);
  CHECK(until.size() == k);
  CHECK(lines_of(cat("--since 2000-01-01 --until @1 " + run.binary, err).output).empty());
}

TEST_CASE("several files are merged in time order, ties to the file named first") {
  TempDir dir;
  const auto all = dir.file("all.rlog"), warn = dir.file("warn.rlog"), text = dir.file("all.log");
  auto warn_sink = ringlog::binary_file_sink(warn);
  warn_sink->set_level(ringlog::Level::warn);
  ringlog::start({}, {ringlog::binary_file_sink(all), warn_sink, ringlog::file_sink(text)});
  ringlog::Logger& log = ringlog::get_logger("merge");
  for (int i = 0; i < 40; ++i) {
    if (i % 4 == 0) {
      RLOG_WARN(log, "warn {}", i);
    } else {
      RLOG_INFO(log, "info {}", i);
    }
  }
  ringlog::stop();
  // The text sink saw what all.rlog holds; warn.rlog holds its WARN lines.
  const auto all_lines = lines_of(read_file(text));
  std::vector<std::string> warn_lines;
  std::copy_if(all_lines.begin(), all_lines.end(), std::back_inserter(warn_lines),
               [](const std::string& line) { return line.find(" WARN ") != std::string::npos; });
  REQUIRE(all_lines.size() == 40);
  REQUIRE(warn_lines.size() == 10);
  // The promised order: by time (the first 29 characters, ns resolution), equal times from the
  // file named first (warn.rlog), each file's own order kept. std::merge is stable in exactly that
  // sense, so it gives the one expected output even when two records share a TSC tick.
  const auto earlier = [](const std::string& a, const std::string& b) {
    return a.compare(0, 29, b, 0, 29) < 0;
  };
  std::vector<std::string> expected;
  std::merge(warn_lines.begin(), warn_lines.end(), all_lines.begin(), all_lines.end(),
             std::back_inserter(expected), earlier);
  CHECK(lines_of(cat(warn + " " + all, dir.file("err")).output) == expected);
  // Named the other way round, ties go to all.rlog instead.
  expected.clear();
  std::merge(all_lines.begin(), all_lines.end(), warn_lines.begin(), warn_lines.end(),
             std::back_inserter(expected), earlier);
  CHECK(lines_of(cat(all + " " + warn, dir.file("err")).output) == expected);
}

TEST_CASE("--stats counts levels, call sites and threads") {
  TempDir dir;
  const Run run = log_sample(dir, "app");
  const auto out = cat("--stats " + run.binary, dir.file("err"));
  CHECK(out.exit_code == 0);
  CHECK(out.output.find("records: 34 selected of 34 decoded") != std::string::npos);
  CHECK(out.output.find("INFO            31") != std::string::npos);
  CHECK(out.output.find("CRIT             1") != std::string::npos);
  CHECK(out.output.find("\"order {} qty {} px {:.2f}\"") != std::string::npos);
  CHECK(out.output.find("          33  cat-main") != std::string::npos);
  CHECK(out.output.find("bytes per record:") != std::string::npos);
  CHECK(out.output.find("time span:") != std::string::npos);
}

TEST_CASE("exit statuses: cut 3, damaged 4, foreign or missing 1, bad usage 2") {
  TempDir dir;
  const Run run = log_sample(dir, "app");
  const std::string bytes = read_file(run.binary);
  const auto write = [&](const std::string& name, const std::string& content) {
    std::ofstream(dir.file(name), std::ios::binary) << content;
    return dir.file(name);
  };
  const auto err = dir.file("err");
  const auto cut = write("cut.rlog", bytes.substr(0, bytes.size() - 30));
  CHECK(cat(cut, err).exit_code == 3);
  CHECK(read_file(err).find("cut.rlog: input ends inside chunk") != std::string::npos);
  std::string damaged = bytes;
  damaged[bytes.size() / 2] = static_cast<char>(damaged[bytes.size() / 2] ^ 0x5a);
  CHECK(cat(write("bad.rlog", damaged), err).exit_code == 4);
  CHECK(read_file(err).find("corrupt data at offset") != std::string::npos);
  CHECK(cat(run.text, err).exit_code == 1);
  CHECK(read_file(err).find("not a ringlog binary log") != std::string::npos);
  CHECK(cat(dir.file("missing.rlog"), err).exit_code == 1);
  CHECK(read_file(err).find("cannot open: No such file or directory") != std::string::npos);
  CHECK(cat("--bogus " + run.binary, err).exit_code == 2);
  CHECK(cat("--level loud " + run.binary, err).exit_code == 2);
  CHECK(cat("--since yesterday " + run.binary, err).exit_code == 2);
  CHECK(cat("--grep '(' " + run.binary, err).exit_code == 2);
  CHECK(cat("-q " + cut, err).exit_code == 3);
  CHECK(read_file(err).empty());
  const auto help = cat("--help", err);
  CHECK(help.exit_code == 0);
  CHECK(help.output.find("exit status:") != std::string::npos);
  CHECK(cat("--version", err).output.find("ringlog-cat (ringlog ") == 0);
}

TEST_CASE("output to a pipe closed early stops quietly") {
  TempDir dir;
  const auto path = dir.file("big.rlog");
  ringlog::start({}, {ringlog::binary_file_sink(path)});
  ringlog::Logger& log = ringlog::get_logger("big");
  for (int i = 0; i < 20000; ++i) RLOG_INFO(log, "a record long enough to fill pipes {}", i);
  ringlog::stop();
  const auto err = dir.file("err");
  const auto r = run_command("bash -c '" + ringlog::test::ringlog_cat_path() + " " + path + " 2>" +
                             err + " | head -n 2; echo status=${PIPESTATUS[0]}'");
  CHECK(lines_of(r.output).size() == 3);
  CHECK(r.output.ends_with("status=0\n"));
  CHECK(read_file(err).empty());
}

namespace {

// ringlog-cat --follow as a child process whose stdout we read line by line; with
// `with_stderr`, its reports and notes too (not --quiet).
class Follower {
 public:
  explicit Follower(const std::string& path, bool with_stderr = false) {
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::dup2(fds[1], STDOUT_FILENO);
      if (with_stderr) ::dup2(fds[1], STDERR_FILENO);
      ::close(fds[0]);
      ::close(fds[1]);
      const std::string exe = ringlog::test::ringlog_cat_path();
      if (with_stderr) {
        ::execl(exe.c_str(), exe.c_str(), "--follow", path.c_str(), static_cast<char*>(nullptr));
      } else {
        ::execl(exe.c_str(), exe.c_str(), "--follow", "--quiet", path.c_str(),
                static_cast<char*>(nullptr));
      }
      ::_exit(127);
    }
    ::close(fds[1]);
    in_ = fds[0];
  }
  ~Follower() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    ::close(in_);
  }
  // Blocks until the child prints a whole line; "<eof>" if it exits, "<timeout>" if it prints
  // none within `limit` (a generous bound that only a broken ringlog-cat reaches).
  std::string line(std::chrono::seconds limit = std::chrono::seconds{60}) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
      const auto nl = pending_.find('\n');
      if (nl != std::string::npos) {
        std::string l = pending_.substr(0, nl);
        pending_.erase(0, nl + 1);
        return l;
      }
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{in_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) == 0) {
        return "<timeout>";
      }
      char buf[4096];
      const ssize_t n = ::read(in_, buf, sizeof buf);
      if (n <= 0) return "<eof>";
      pending_.append(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  std::string pending_;
};

}  // namespace

TEST_CASE("--follow prints records as they are written, across rotation") {
  TempDir dir;
  const auto path = dir.file("live.rlog");
  ringlog::Config config;
  config.pattern = "{message}";
  ringlog::start(config, {ringlog::rotating_binary_file_sink(path, 400, 2)});
  ringlog::Logger& log = ringlog::get_logger("live");
  RLOG_INFO(log, "first {}", 1);
  ringlog::flush();
  Follower follower(path);
  CHECK(follower.line() == "first 1");
  for (int i = 0; i < 12; ++i) {
    RLOG_INFO(log, "record {} padded to rotate the file soon", i);
    ringlog::flush();
    REQUIRE(follower.line() == "record " + std::to_string(i) + " padded to rotate the file soon");
  }
  ringlog::stop();
  CHECK(std::filesystem::exists(path + ".2"));  // it did rotate, more than once
}

TEST_CASE("--follow on a path that does not exist yet waits for it, like tail -F") {
  TempDir dir;
  const auto path = dir.file("later.rlog");
  Follower follower(path, true);
  // The child has looked for the file and not found it before the file is created.
  REQUIRE(follower.line() ==
          "ringlog-cat: " + path + ": does not exist yet; waiting for it to appear");
  ringlog::Config config;
  config.pattern = "{message}";
  ringlog::start(config, {ringlog::binary_file_sink(path)});
  ringlog::Logger& log = ringlog::get_logger("later");
  for (int i = 0; i < 3; ++i) RLOG_INFO(log, "late record {}", i);
  ringlog::flush();
  CHECK(follower.line() == "ringlog-cat: " + path + ": has appeared; following it");
  for (int i = 0; i < 3; ++i) CHECK(follower.line() == "late record " + std::to_string(i));
  ringlog::stop();
}

TEST_CASE("a repeated chunk is skipped and reported, not printed twice: status 4") {
  TempDir dir;
  const Run run = log_sample(dir, "app");
  const std::string bytes = read_file(run.binary);
  // The chunk holding the records: the first one after the header's chunk.
  std::size_t at = ringlog::detail::kPreambleSize;
  std::vector<std::pair<std::size_t, std::size_t>> chunks;  // offset, size
  while (at < bytes.size()) {
    std::uint32_t length;
    std::memcpy(&length, bytes.data() + at + ringlog::detail::kChunkLengthOffset, 4);
    chunks.emplace_back(at, ringlog::detail::kChunkHeaderSize + length);
    at += chunks.back().second;
  }
  REQUIRE(chunks.size() >= 3);
  const std::string records = bytes.substr(chunks[1].first, chunks[1].second);
  const auto err = dir.file("err");
  // Right after itself, and again just before the end marker's chunk.
  std::string twice = bytes;
  twice.insert(chunks.back().first, records);
  twice.insert(chunks[1].first + chunks[1].second, records);
  const auto path = dir.file("twice.rlog");
  std::ofstream(path, std::ios::binary) << twice;
  const auto out = cat(path, err);
  CHECK(out.exit_code == 4);
  CHECK(out.output == read_file(run.text));
  CHECK(read_file(err).find("repeats a chunk already decoded; skipped") != std::string::npos);
  CHECK(cat("--stats " + path, err).output.find(", 2 repeated chunks skipped") !=
        std::string::npos);
}

TEST_CASE("--json carries context and kv() fields, as the JSON sink writes them") {
  TempDir dir;
  const auto bin = dir.file("ctx.rlog"), sink_json = dir.file("sink.json");
  ringlog::start({}, {ringlog::binary_file_sink(bin), ringlog::json_file_sink(sink_json)});
  ringlog::Logger& log = ringlog::get_logger("ctx");
  {
    ringlog::Context order{{"order_id", 42}, {"venue", "XNAS"}};
    RLOG_INFO(log, "fill {}", 7, ringlog::kv("qty", 100), ringlog::kv("px", 101.25));
  }
  ringlog::stop();
  const auto out = cat("--json " + bin, dir.file("err"));
  REQUIRE(out.exit_code == 0);
  // The JSON sink's object, then the message's arguments.
  std::string sink_line = read_file(sink_json);
  REQUIRE(sink_line.ends_with("}\n"));
  sink_line.resize(sink_line.size() - 2);
  CHECK(out.output == sink_line + ",\"args\":[7]}\n");
  const auto py = run_command(
      "python3 -c 'import json,sys\no = json.loads(sys.stdin.read())\n"
      "print(o[\"context\"][\"order_id\"], o[\"context\"][\"venue\"], "
      "o[\"fields\"][\"qty\"], o[\"fields\"][\"px\"], o[\"args\"])' <<'END'\n" +
      out.output + "END\n");
  CHECK(py.output == "42 XNAS 100 101.25 [7]\n");
}

TEST_CASE("a mistyped option gets a one-line hint; --help names the common tasks") {
  TempDir dir;
  const auto err = dir.file("err");
  CHECK(cat("--jsn x.rlog", err).exit_code == 2);
  CHECK(read_file(err) ==
        "ringlog-cat: unknown option '--jsn'; did you mean --json? (see --help)\n");
  CHECK(cat("--sinse=2024-05-01 x.rlog", err).exit_code == 2);
  CHECK(read_file(err) ==
        "ringlog-cat: unknown option '--sinse=2024-05-01'; did you mean --since? (see --help)\n");
  CHECK(cat("-level warn x.rlog", err).exit_code == 2);
  CHECK(read_file(err) ==
        "ringlog-cat: unknown option '-level'; did you mean --level? (see --help)\n");
  // Nothing close: no guess.
  CHECK(cat("--compress x.rlog", err).exit_code == 2);
  CHECK(read_file(err) == "ringlog-cat: unknown option '--compress' (see --help)\n");

  const auto help = cat("--help", err);
  CHECK(help.exit_code == 0);
  for (const char* task : {"common tasks:", "ringlog-cat -f app.rlog", "-l warn --since",
                           "--json app.rlog | jq", "merge several files"}) {
    CAPTURE(task);
    CHECK(help.output.find(task) != std::string::npos);
  }
}
