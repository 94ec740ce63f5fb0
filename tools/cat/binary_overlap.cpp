#include "cat/binary_overlap.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <deque>

#include "codec/binary_reader.h"

namespace ringlog::cat {

std::string record_key(const LogEvent& event) {
  std::string key = std::to_string(event.unix_ns());
  const auto add = [&key](std::string_view part) {
    key += '\0';
    key.append(part.data(), part.size());
  };
  add(std::to_string(static_cast<int>(event.level())));
  add(event.logger_name());
  add(event.file());
  add(std::to_string(event.line()));
  add(event.format_string());
  add(std::to_string(event.thread().index) + "/" + std::to_string(event.thread().os_id));
  add(event.message());
  return key;
}

std::vector<std::string> last_record_keys(const std::string& path, std::size_t max_records) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || max_records == 0) {
    if (fd >= 0) ::close(fd);
    return {};
  }
  detail::BinaryReader reader;  // damage is ringlog-cat's to report when the file is read
  std::deque<std::string> last;
  const auto take = [&] {
    while (reader.next()) {
      last.push_back(record_key(reader.event()));
      if (last.size() > max_records) last.pop_front();
    }
  };
  char block[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reader.feed(block, static_cast<std::size_t>(n));
    take();
    if (reader.fatal()) break;
  }
  ::close(fd);
  reader.finish();
  take();
  return {last.begin(), last.end()};
}

std::size_t already_written(const std::vector<std::string>& file_last,
                            const std::vector<std::string>& recovered) {
  // Earliest start first: the longest run wins.
  for (std::size_t start = 0; start < file_last.size(); ++start) {
    const std::size_t run = file_last.size() - start;
    if (run > recovered.size()) continue;
    bool equal = true;
    for (std::size_t i = 0; i < run && equal; ++i) equal = file_last[start + i] == recovered[i];
    if (equal) return run;
  }
  return 0;
}

}  // namespace ringlog::cat
