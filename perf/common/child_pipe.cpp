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

#include "common/process.h"

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

// The child's side, run by start_child(): its return value is the child's exit code. The
// result goes out length first, so the parent can tell a whole result from one cut short by a
// crash.
int serve_child(int fd, const std::string& what, const std::function<std::string()>& body) {
  try {
    const std::string result = body();
    const std::uint64_t size = result.size();
    if (!write_all(fd, reinterpret_cast<const char*>(&size), sizeof size) ||
        !write_all(fd, result.data(), result.size())) {
      std::fprintf(stderr, "%s: cannot send the result to the parent: %s\n", what.c_str(),
                   std::strerror(errno));
      return 3;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", what.c_str(), e.what());
    return 1;
  }
  return 0;
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
  pid_t pid = 0;
  try {
    pid = start_child([&] {
      ::close(fds[0]);
      return serve_child(fds[1], what, body);
    });
  } catch (...) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw;
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
  const int status = wait_for_child(pid);
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
