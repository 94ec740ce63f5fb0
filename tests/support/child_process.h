// Running a child process (forked, or a program) and waiting for it with a deadline, for the
// crash, exit and fork tests. A child that hangs is killed, so no test leaves one behind.
#pragma once

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace ringlog::test {

struct ChildExit {
  bool timed_out = false;  // killed by us after the deadline
  int status = 0;          // as from waitpid()

  bool signaled(int sig) const {
    return !timed_out && WIFSIGNALED(status) && WTERMSIG(status) == sig;
  }
  bool exited(int code) const {
    return !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == code;
  }
  std::string describe() const {
    if (timed_out) return "hung (killed after the deadline)";
    if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
    if (WIFEXITED(status)) return "exited with " + std::to_string(WEXITSTATUS(status));
    return "status " + std::to_string(status);
  }
};

// Waits for `pid` at most `timeout` (a pidfd, so no polling); kills and reaps it after that.
inline ChildExit wait_child(pid_t pid, std::chrono::milliseconds timeout) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) throw std::runtime_error("pidfd_open failed");
  pollfd pfd{pidfd, POLLIN, 0};
  int ready;
  do {
    ready = ::poll(&pfd, 1, static_cast<int>(timeout.count()));
  } while (ready < 0 && errno == EINTR);
  ::close(pidfd);
  ChildExit result;
  if (ready == 0) {
    ::kill(pid, SIGKILL);
    result.timed_out = true;
  }
  while (::waitpid(pid, &result.status, 0) < 0 && errno == EINTR) {
  }
  return result;
}

// Runs `argv` (argv[0] = program path) with stdout redirected to `output_path` and stderr to
// `error_path` (the same file when empty).
inline ChildExit run_program(const std::vector<std::string>& argv, const std::string& output_path,
                             std::chrono::milliseconds timeout,
                             const std::string& error_path = {}) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (std::freopen(output_path.c_str(), "w", stdout) == nullptr) ::_exit(126);
    if (error_path.empty()) {
      ::dup2(STDOUT_FILENO, STDERR_FILENO);
    } else if (std::freopen(error_path.c_str(), "w", stderr) == nullptr) {
      ::_exit(126);
    }
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  return wait_child(pid, timeout);
}

// A fresh directory under /tmp, removed with its content at scope exit.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/ringlog-test-XXXXXX";
    if (::mkdtemp(name) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = name;
  }
  ~TempDir() {
    const std::string command = "rm -rf '" + path_ + "'";
    [[maybe_unused]] const int rc = std::system(command.c_str());
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace ringlog::test
