// A private rsyslogd for tests: its own config, work directory, pid file, sockets and output
// file in a temporary directory, listening on loopback only. Nothing under /etc, /var or /dev is
// used (no system socket, no imklog/imjournal), so it is safe to run as root next to a real one.
#pragma once

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ringlog::test {

// The rsyslogd to run: $RSYSLOGD if set, else the first found in /usr/sbin, /sbin, $PATH; empty
// if none is (or $RSYSLOGD is not) an executable.
inline std::string find_rsyslogd() {
  if (const char* env = std::getenv("RSYSLOGD"); env != nullptr && *env != '\0') {
    return ::access(env, X_OK) == 0 ? env : "";
  }
  std::string dirs = "/usr/sbin:/sbin";
  if (const char* path = std::getenv("PATH")) dirs += std::string(":") + path;
  std::size_t start = 0;
  while (start <= dirs.size()) {
    const std::size_t end = std::min(dirs.find(':', start), dirs.size());
    const std::string candidate = dirs.substr(start, end - start) + "/rsyslogd";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

// A loopback port free right now (bound to port 0, then released).
inline std::uint16_t free_port(int type) {
  const int fd = ::socket(AF_INET, type, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof a;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size) != 0) {
    ::close(fd);
    throw std::runtime_error("no free loopback port");
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

class RsyslogDaemon {
 public:
  // Each received message becomes one line of output():
  //   SEVERITY HOSTNAME APP-NAME PROCID MSGID TIMESTAMP STRUCTURED-DATA MSG
  RsyslogDaemon(std::string binary, const std::filesystem::path& dir)
      : binary_(std::move(binary)),
        dir_(dir),
        tcp_port_(free_port(SOCK_STREAM)),
        udp_port_(free_port(SOCK_DGRAM)) {
    std::filesystem::create_directories(dir_ / "work");
    std::ofstream conf(dir_ / "rsyslog.conf");
    conf << "global(workDirectory=\"" << (dir_ / "work").string() << "\")\n"
         << "module(load=\"imuxsock\" SysSock.Use=\"off\")\n"
         << "module(load=\"imtcp\")\n"
         << "module(load=\"imudp\")\n"
         << "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" << tcp_port_ << "\")\n"
         << "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" << udp_port_
         << "\" rcvbufSize=\"4m\")\n"
         << "input(type=\"imuxsock\" Socket=\"" << socket_path()
         << "\" UseSpecialParser=\"off\" ParseHostname=\"on\" RateLimit.Interval=\"0\")\n"
         << "template(name=\"ringlog\" type=\"string\" string=\"%syslogseverity% %hostname% "
            "%app-name% %procid% %msgid% %timereported:::date-rfc3339% %structured-data% "
            "%msg%\\n\")\n"
         << "*.* action(type=\"omfile\" file=\"" << output() << "\" template=\"ringlog\")\n";
  }
  ~RsyslogDaemon() { stop(); }

  std::uint16_t tcp_port() const noexcept { return tcp_port_; }
  std::uint16_t udp_port() const noexcept { return udp_port_; }
  std::string socket_path() const { return (dir_ / "log.sock").string(); }
  std::string output() const { return (dir_ / "out.log").string(); }

  // Starts rsyslogd in the foreground and returns once its TCP port accepts and its Unix socket
  // exists (throws after `deadline`).
  void start(std::chrono::seconds deadline = std::chrono::seconds{60}) {
    const std::string conf = (dir_ / "rsyslog.conf").string();
    const std::string pid_file = (dir_ / "rsyslogd.pid").string();
    std::filesystem::remove(pid_file);
    std::filesystem::remove(socket_path());
    const std::string log = (dir_ / "rsyslogd.stderr").string();
    // posix_spawn, not fork(): the process may be running ringlog's threads (a fork() of a
    // threaded process is what ThreadSanitizer cannot follow).
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::vector<std::string> args = {binary_, "-n", "-f", conf, "-i", pid_file};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, binary_.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      pid_ = -1;
      throw std::runtime_error("cannot start " + binary_ + ": " + std::strerror(rc));
    }
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!accepting()) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        throw std::runtime_error("rsyslogd exited at start; see " + log);
      }
      if (std::chrono::steady_clock::now() > until) throw std::runtime_error("rsyslogd not ready");
      // Polling a listening port with a deadline: what we wait for is outside this process.
      std::this_thread::sleep_for(std::chrono::milliseconds{20});
    }
  }

  // SIGTERM, then waits until it has exited (its sockets are closed then).
  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  bool accepting() const {
    struct stat st {};
    if (::stat(socket_path().c_str(), &st) != 0) return false;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(tcp_port_);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
  }

  std::string binary_;
  std::filesystem::path dir_;
  std::uint16_t tcp_port_;
  std::uint16_t udp_port_;
  pid_t pid_ = -1;
};

}  // namespace ringlog::test
