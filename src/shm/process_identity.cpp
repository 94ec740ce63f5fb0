#include "shm/process_identity.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace ringlog::detail {

std::uint64_t process_start_time(int pid) {
  if (pid <= 0) return 0;
  const std::string path = "/proc/" + std::to_string(pid) + "/stat";
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  char buf[1024];
  const ssize_t n = ::read(fd, buf, sizeof buf - 1);
  ::close(fd);
  if (n <= 0) return 0;
  buf[n] = '\0';
  // The command name (field 2) may hold spaces and ')': the fields after it start after the
  // last ')'. Field 22 is the 20th after it.
  const char* p = std::strrchr(buf, ')');
  if (p == nullptr) return 0;
  ++p;
  for (int field = 3; field < 22; ++field) {
    p = std::strchr(p + 1, ' ');
    if (p == nullptr) return 0;
  }
  return std::strtoull(p + 1, nullptr, 10);
}

bool process_alive(int pid, std::uint64_t start_time) {
  const std::uint64_t now = process_start_time(pid);
  return now != 0 && now == start_time;
}

std::string program_short_name() {
  std::string name = program_invocation_short_name != nullptr ? program_invocation_short_name : "";
  if (name.empty()) name = "ringlog";
  for (char& c : name) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  if (name[0] == '.') name[0] = '_';
  return name.substr(0, 64);
}

}  // namespace ringlog::detail
