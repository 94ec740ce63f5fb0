// The console sink on its own, opened and fed by hand (no start(), no backend): its standard
// output or error is pointed at a pipe, or at a terminal, for the duration of each case. Every
// check runs after the stream is restored, so Catch's own output never lands in the capture.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "ringlog/sinks.h"
#include "support/test_event.h"

using namespace std::string_view_literals;
using ringlog::Colour;
using ringlog::ConsoleStream;
using ringlog::test::TestRecord;

namespace {

[[noreturn]] void fail_errno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// Points descriptor `fd` (1 or 2) at a pipe, or at a pseudo-terminal, until destroyed. The
// records written stay well under a pipe's capacity, so writes never block.
class CapturedStream {
 public:
  enum class Target { pipe, terminal };

  CapturedStream(int fd, Target target) : fd_(fd) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    int write_end = -1;
    if (target == Target::pipe) {
      int ends[2];
      if (::pipe2(ends, O_CLOEXEC) != 0) fail_errno("pipe2");
      read_end_ = ends[0];
      write_end = ends[1];
    } else {
      read_end_ = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (read_end_ < 0 || ::grantpt(read_end_) != 0 || ::unlockpt(read_end_) != 0) {
        fail_errno("posix_openpt");
      }
      write_end = ::open(::ptsname(read_end_), O_RDWR | O_NOCTTY | O_CLOEXEC);
      if (write_end < 0) fail_errno("open pts");
    }
    saved_ = ::dup(fd_);
    if (saved_ < 0 || ::dup2(write_end, fd_) != fd_) fail_errno("dup2");
    ::close(write_end);
  }
  ~CapturedStream() {
    ::dup2(saved_, fd_);
    ::close(saved_);
    ::close(read_end_);
  }
  CapturedStream(const CapturedStream&) = delete;
  CapturedStream& operator=(const CapturedStream&) = delete;

  // What has arrived so far, without waiting.
  std::string take_available() {
    std::string text;
    pollfd p{read_end_, POLLIN, 0};
    char buf[4096];
    while (::poll(&p, 1, 0) == 1 && (p.revents & POLLIN) != 0) {
      const ssize_t n = ::read(read_end_, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
  }
  // Waits (up to a minute, for a loaded machine) until `lines` line ends have arrived: a
  // terminal hands output over asynchronously.
  std::string take_lines(std::size_t lines) {
    std::string text;
    char buf[4096];
    while (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) < lines) {
      pollfd p{read_end_, POLLIN, 0};
      if (::poll(&p, 1, 60'000) != 1) break;
      const ssize_t n = ::read(read_end_, buf, sizeof buf);
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
  }

 private:
  int fd_;
  int saved_ = -1;
  int read_end_ = -1;
};

ringlog::Config short_pattern() {
  ringlog::Config config;
  config.pattern = "{level}|{logger}|{message}";
  return config;
}

// Opens a console sink on `stream` with `config`, writes the records, flushes and closes it;
// returns what reached the stream, which pointed at a pipe meanwhile.
std::string console_output(ConsoleStream stream, Colour colour, const ringlog::Config& config,
                           const std::vector<const TestRecord*>& records) {
  const int fd = stream == ConsoleStream::out ? STDOUT_FILENO : STDERR_FILENO;
  CapturedStream capture(fd, CapturedStream::Target::pipe);
  const ringlog::SinkPtr sink = ringlog::console_sink(stream, colour);
  const ringlog::SinkContext context{&config};
  sink->open(context);
  for (const TestRecord* r : records) sink->write(r->event());
  sink->flush();
  sink->close();
  return capture.take_available();
}

bool has_escape(const std::string& text) {
  return text.find('\x1b') != std::string::npos;
}

}  // namespace

TEST_CASE("console sink writes each record as one line in the configured pattern") {
  const TestRecord fill("fill {} at {}", 100, 101.25);
  TestRecord warn("limit {}% used", 90);
  warn.site.level = ringlog::Level::warn;
  warn.site.logger_name = "risk";
  CHECK(console_output(ConsoleStream::out, Colour::never, short_pattern(), {&fill, &warn}) ==
        "INFO |gateway|fill 100 at 101.25\nWARN |risk|limit 90% used\n");
}

TEST_CASE("console sink uses the time zone and field settings of the Config") {
  const TestRecord r("m");
  ringlog::Config config;
  config.pattern = "{time} {message}";
  CHECK(console_output(ConsoleStream::out, Colour::never, config, {&r}) ==
        "2023-11-14 22:13:20.123456789 m\n");
  config.utc_time = false;
  const char* old_tz = ::getenv("TZ");
  const std::string saved = old_tz != nullptr ? old_tz : "";
  ::setenv("TZ", "XYZ-01", 1);  // one hour east of UTC
  ::tzset();
  const std::string local = console_output(ConsoleStream::out, Colour::never, config, {&r});
  if (old_tz != nullptr) {
    ::setenv("TZ", saved.c_str(), 1);
  } else {
    ::unsetenv("TZ");
  }
  ::tzset();
  CHECK(local == "2023-11-14 23:13:20.123456789 m\n");
}

TEST_CASE("ConsoleStream::err writes to standard error and nothing to standard output") {
  const TestRecord r("to stderr");
  CapturedStream out(STDOUT_FILENO, CapturedStream::Target::pipe);
  const std::string err = console_output(ConsoleStream::err, Colour::never, short_pattern(), {&r});
  const std::string on_stdout = out.take_available();
  CHECK(err == "INFO |gateway|to stderr\n");
  CHECK(on_stdout.empty());
}

TEST_CASE("console sink holds records until flush, and close flushes the rest") {
  const TestRecord r("held");
  const ringlog::Config config = short_pattern();
  const ringlog::SinkContext context{&config};
  std::string after_write, after_flush, after_second_write, after_close, write_after_close;
  {
    CapturedStream capture(STDOUT_FILENO, CapturedStream::Target::pipe);
    const ringlog::SinkPtr sink = ringlog::console_sink(ConsoleStream::out, Colour::never);
    sink->open(context);
    sink->write(r.event());
    after_write = capture.take_available();
    sink->flush();
    after_flush = capture.take_available();
    sink->write(r.event());
    after_second_write = capture.take_available();
    sink->close();
    after_close = capture.take_available();
    // The sink does not own standard output: closing it leaves the descriptor usable.
    if (::write(STDOUT_FILENO, "still open\n", 11) == 11)
      write_after_close = capture.take_available();
  }
  CHECK(after_write.empty());
  CHECK(after_flush == "INFO |gateway|held\n");
  CHECK(after_second_write.empty());
  CHECK(after_close == "INFO |gateway|held\n");
  CHECK(write_after_close == "still open\n");
}

TEST_CASE("Colour::always wraps the level in its ANSI code even on a pipe") {
  TestRecord info("i");
  TestRecord error("e");
  error.site.level = ringlog::Level::error;
  CHECK(console_output(ConsoleStream::out, Colour::always, short_pattern(), {&info, &error}) ==
        "\x1b[32mINFO \x1b[0m|gateway|i\n\x1b[31mERROR\x1b[0m|gateway|e\n");
}

TEST_CASE("Colour::never and Colour::automatic on a pipe write no escape byte at all") {
  const TestRecord hostile("{}", "\x1b[31mforged red\x1b[0m");
  const std::string never =
      console_output(ConsoleStream::out, Colour::never, short_pattern(), {&hostile});
  const std::string automatic =
      console_output(ConsoleStream::out, Colour::automatic, short_pattern(), {&hostile});
  CHECK(never == "INFO |gateway|\\x1b[31mforged red\\x1b[0m\n");
  CHECK(automatic == never);
  CHECK_FALSE(has_escape(never));
}

TEST_CASE("Colour::automatic colours a terminal; Colour::never does not") {
  const TestRecord r("on a tty");
  const ringlog::Config config = short_pattern();
  const ringlog::SinkContext context{&config};
  std::string automatic, never;
  for (const Colour colour : {Colour::automatic, Colour::never}) {
    CapturedStream tty(STDOUT_FILENO, CapturedStream::Target::terminal);
    const ringlog::SinkPtr sink = ringlog::console_sink(ConsoleStream::out, colour);
    sink->open(context);
    sink->write(r.event());
    sink->close();
    (colour == Colour::automatic ? automatic : never) = tty.take_lines(1);
  }
  // A terminal may turn "\n" into "\r\n": compare the text before the line end.
  CHECK(automatic.starts_with("\x1b[32mINFO \x1b[0m|gateway|on a tty"));
  CHECK(never.starts_with("INFO |gateway|on a tty"));
  CHECK_FALSE(has_escape(never));
}
