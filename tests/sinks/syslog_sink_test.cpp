// syslog_sink() on sockets the test owns: octet-counted framing on a Unix stream, loss counted
// when nobody listens, ICMP refusals counted on UDP. (tests/integration/rsyslog_test.cpp runs
// it against a real rsyslogd.)
#include <catch2/catch.hpp>

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "integration/rsyslog_daemon.h"
#include "ringlog/ringlog.h"
#include "support/error_log.h"
#include "support/temp_dir.h"

namespace {

// Messages read from one connection on a listening Unix stream socket, split by RFC 6587
// octet counting ("LEN SP MSG"); a frame that does not parse ends the list with "<bad frame>".
std::vector<std::string> read_frames(int listener) {
  const int fd = ::accept(listener, nullptr, nullptr);
  std::string bytes;
  char chunk[4096];
  for (ssize_t n; fd >= 0 && (n = ::read(fd, chunk, sizeof chunk)) > 0;) bytes.append(chunk, n);
  if (fd >= 0) ::close(fd);
  std::vector<std::string> frames;
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t space = bytes.find(' ', at);
    std::size_t length = 0;
    if (space == std::string::npos || space == at ||
        bytes.find_first_not_of("0123456789", at) != space ||
        (length = std::stoul(bytes.substr(at, space - at))) > bytes.size() - space - 1) {
      frames.push_back("<bad frame>");
      break;
    }
    frames.push_back(bytes.substr(space + 1, length));
    at = space + 1 + length;
  }
  return frames;
}

}  // namespace

TEST_CASE("unix_stream: every record is one octet-counted frame, newlines and all") {
  ringlog::test::TempDir dir;
  const std::string path = dir.file("s.sock");
  const int listener = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strcpy(a.sun_path, path.c_str());
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(listener, 1) == 0);
  std::vector<std::string> frames;
  std::thread reader([&] { frames = read_frames(listener); });

  ringlog::SyslogOptions o;
  o.transport = ringlog::SyslogTransport::unix_stream;
  o.path = path;
  o.app_name = "frames";
  o.close_timeout = std::chrono::seconds{60};  // a bound for a busy machine, not a wait
  ringlog::start({}, {ringlog::syslog_sink(o)});
  ringlog::Logger& log = ringlog::get_logger("framing");
  constexpr int kRecords = 500;
  for (int i = 0; i < kRecords; ++i) {
    RLOG_INFO(log, "record {} with\nnewline", i, ringlog::kv("i", i));
  }
  ringlog::stop();  // sends the rest and closes the connection: the reader sees its end
  reader.join();
  ::close(listener);

  REQUIRE(frames.size() == std::size_t(kRecords));
  for (int i = 0; i < kRecords; ++i) {
    INFO(frames[i]);
    CHECK(frames[i].starts_with("<14>1 "));  // user (1) * 8 + info (6)
    CHECK(frames[i].ends_with("] record " + std::to_string(i) + " with\\nnewline"));
    CHECK(frames[i].find(" frames ") != std::string::npos);
  }
}

TEST_CASE("nobody listening: what does not fit or is still buffered at stop is counted lost") {
  ringlog::test::TempDir dir;
  ringlog::test::ErrorLog errors;
  ringlog::Config cfg;
  cfg.error_handler = errors.handler();
  ringlog::SyslogOptions o;
  o.transport = ringlog::SyslogTransport::unix_datagram;
  o.path = dir.file("nobody.sock");
  o.buffer_bytes = 4096;
  o.close_timeout = std::chrono::milliseconds{0};
  const ringlog::Stats before = ringlog::stats();
  ringlog::start(cfg, {ringlog::syslog_sink(o)});
  ringlog::Logger& log = ringlog::get_logger("lost");
  constexpr int kRecords = 200;
  for (int i = 0; i < kRecords; ++i) RLOG_INFO(log, "record {}", i);
  ringlog::stop();
  const ringlog::Stats after = ringlog::stats();
  CHECK(after.sink_lost_records - before.sink_lost_records == kRecords);
  CHECK(after.sink_errors > before.sink_errors);
  CHECK(errors.count(o.path) >= 1);  // the report names the socket
  CHECK(errors.count("could not be sent before closing") == 1);
}

TEST_CASE("udp to a closed port: the kernel's refusals are counted as errors and losses") {
  const std::uint16_t port = ringlog::test::free_port(SOCK_DGRAM);
  ringlog::test::ErrorLog errors;
  ringlog::Config cfg;
  cfg.error_handler = errors.handler();
  ringlog::SyslogOptions o;
  o.transport = ringlog::SyslogTransport::udp;
  o.port = port;
  const ringlog::Stats before = ringlog::stats();
  ringlog::start(cfg, {ringlog::syslog_sink(o)});
  ringlog::Logger& log = ringlog::get_logger("udp");
  constexpr int kRecords = 20;
  for (int i = 0; i < kRecords; ++i) {
    RLOG_INFO(log, "record {}", i);
    ringlog::flush();  // one datagram per flush: each refusal is seen by the next send
  }
  ringlog::stop();
  const ringlog::Stats after = ringlog::stats();
  const std::uint64_t lost = after.sink_lost_records - before.sink_lost_records;
  CHECK(lost >= 1);  // the kernel may rate-limit its ICMP replies, so not every one
  CHECK(lost <= kRecords);
  CHECK(errors.count("refused") >= 1);
}
