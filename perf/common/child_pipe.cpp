#include "common/child_pipe.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <system_error>

namespace perf {
namespace {

// Writes all of `data`; false on an error (the parent then sees a short result).
bool write_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// The child's side: never returns. The result goes out length first, so the parent can tell a
// whole result from one cut short by a crash.
[[noreturn]] void serve_child(int fd, const std::string& what,
                              const std::function<std::string()>& body) {
  int code = 0;
  try {
    const std::string result = body();
    const std::uint64_t size = result.size();
    if (!write_all(fd, reinterpret_cast<const char*>(&size), sizeof size) ||
        !write_all(fd, result.data(), result.size())) {
      std::fprintf(stderr, "%s: cannot send the result to the parent: %s\n", what.c_str(),
                   std::strerror(errno));
      code = 3;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", what.c_str(), e.what());
    code = 1;
  }
  std::fflush(nullptr);
  ::_exit(code);
}

std::string read_all(int fd) {
  std::string data;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "read from the child");
    if (n == 0) return data;
    data.append(buf, static_cast<std::size_t>(n));
  }
}

std::string how_it_ended(int status) {
  if (WIFSIGNALED(status)) {
    return "was killed by signal " + std::to_string(WTERMSIG(status)) + " (" +
           ::strsignal(WTERMSIG(status)) + ")";
  }
  return "exited with status " + std::to_string(WEXITSTATUS(status));
}

}  // namespace

std::string run_in_child_returning(const std::string& what,
                                   const std::function<std::string()>& body) {
  int fds[2];
  // Close-on-exec: a program the child starts (NanoLog's decompressor) must not hold the write
  // end open, or the parent would wait for it too.
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe");
  std::fflush(nullptr);  // nothing buffered may be written twice
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int e = errno;
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::system_error(e, std::generic_category(), "fork");
  }
  if (pid == 0) {
    ::close(fds[0]);
    serve_child(fds[1], what, body);
  }
  ::close(fds[1]);
  std::string data;
  std::string read_error;
  try {
    data = read_all(fds[0]);
  } catch (const std::exception& e) {
    read_error = e.what();
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::system_error(errno, std::generic_category(), "waitpid");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw ChildFailed(what + ": the child process measuring it " + how_it_ended(status));
  }
  if (!read_error.empty()) throw ChildFailed(what + ": " + read_error);
  std::uint64_t size = 0;
  if (data.size() < sizeof size) throw ChildFailed(what + ": the child sent no result");
  std::memcpy(&size, data.data(), sizeof size);
  if (data.size() - sizeof size != size) {
    throw ChildFailed(what + ": the child sent " + std::to_string(data.size() - sizeof size) +
                      " of " + std::to_string(size) + " result bytes");
  }
  data.erase(0, sizeof size);
  return data;
}

}  // namespace perf
