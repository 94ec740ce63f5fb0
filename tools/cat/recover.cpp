#include "cat/recover.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cat/output.h"
#include "cat/record_filter.h"
#include "cat/torn_tail.h"
#include "format/json_layout.h"
#include "format/text_layout.h"
#include "recovery/ring_dir_reader.h"
#include "ringlog/sinks.h"
#include "shm/process_identity.h"
#include "shm/ring_file_format.h"

namespace ringlog::cat {
namespace {

bool is_process_dir(const std::string& dir) {
  struct stat st {};
  return ::stat((dir + "/" + detail::ring_file::kProcessFileName).c_str(), &st) == 0;
}

// `dir` itself when it is a process's directory, else the process directories in it.
std::vector<std::string> process_dirs(const std::string& dir) {
  if (is_process_dir(dir)) return {dir};
  std::vector<std::string> found;
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name == "." || name == "..") continue;
      const std::string path = dir + "/" + name;
      struct stat st {};
      if (::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) found.push_back(path);
    }
    ::closedir(d);
  }
  std::sort(found.begin(), found.end());
  return found;
}

// Where recovered records go: text or JSON on standard output, or a binary log.
class Destination {
 public:
  // `fd`: where text and JSON go (standard output, or the --append file).
  Destination(const Options& o, int fd) : options_(o), output_(fd) {}

  // Opens for one process's records; false (reported) when the binary log cannot be opened.
  bool begin(const detail::RingDirReader& r) {
    const std::string pattern = options_.pattern
                                    ? *options_.pattern
                                    : (r.pattern().empty() ? Config{}.pattern : r.pattern());
    try {
      layout_.emplace(pattern, r.utc_time(), r.append_fields());
    } catch (const std::invalid_argument&) {
      layout_.emplace(Config{}.pattern, r.utc_time(), r.append_fields());
    }
    if (!options_.append_binary) return true;
    config_.pattern = pattern;
    config_.utc_time = r.utc_time();
    context_.config = &config_;
    context_.clock = r.anchor();
    sink_ = file_sink(*options_.append_binary, binary_layout());
    try {
      sink_->open(context_);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "ringlog-cat: %s\n", e.what());
      sink_.reset();
      return false;
    }
    return true;
  }
  void write(const LogEvent& event) {
    if (sink_) {
      sink_->write(event);
    } else if (options_.json) {
      json_.format(event, output_.buffer());
    } else {
      layout_->format(event, output_.buffer());
    }
    output_.maybe_flush();
  }
  bool end() {
    if (sink_) {
      sink_->flush();
      sink_->close();
      sink_.reset();
    }
    return output_.flush();
  }

 private:
  const Options& options_;
  std::optional<detail::TextLayout> layout_;
  // The JSON sink's own layout (no "args"), so appended lines match the ones before them.
  detail::JsonLayout json_;
  Output output_;
  Config config_;
  SinkContext context_;
  SinkPtr sink_;
};

}  // namespace

int recover_dirs(const Options& options, const std::vector<std::string>& dirs, RecordFilter& filter,
                 int fd);

int run_recover(const Options& options) {
  const std::vector<std::string> dirs = process_dirs(*options.recover);
  if (dirs.empty()) {
    std::fprintf(stderr, "ringlog-cat: %s: no ring directory (no '%s' file in it or below it)\n",
                 options.recover->c_str(), detail::ring_file::kProcessFileName);
    return kExitUnreadable;
  }
  RecordFilter filter(options.select);
  int fd = STDOUT_FILENO;
  if (options.append) {
    std::string error;
    fd = open_for_append(*options.append, options.json, error);
    if (fd < 0) {
      std::fprintf(stderr, "ringlog-cat: %s\n", error.c_str());
      return kExitUnreadable;
    }
  }
  const int result = recover_dirs(options, dirs, filter, fd);
  if (fd != STDOUT_FILENO) ::close(fd);
  return result;
}

int recover_dirs(const Options& options, const std::vector<std::string>& dirs, RecordFilter& filter,
                 int fd) {
  int status = kExitOk;
  Destination out(options, fd);
  for (const std::string& dir : dirs) {
    const detail::RingDirReader reader(dir);
    if (reader.usable() && detail::process_alive(reader.pid(), reader.start_time())) {
      std::fprintf(stderr, "ringlog-cat: %s: process %d is alive; not read\n", dir.c_str(),
                   reader.pid());
      continue;
    }
    for (const std::string& p : reader.problems()) {
      if (!options.quiet) std::fprintf(stderr, "ringlog-cat: %s\n", p.c_str());
      status = kExitCorrupt;
    }
    if (!reader.usable()) continue;
    if (!out.begin(reader)) return kExitUnreadable;
    std::size_t written = 0;
    reader.for_each([&](const LogEvent& event) {
      if (!filter.matches(event, reader.utc_time())) return;
      out.write(event);
      ++written;
    });
    if (!out.end()) return kExitUnreadable;
    if (!options.quiet) {
      std::fprintf(stderr, "ringlog-cat: recovered %zu records from pid %d (%s) in %s\n", written,
                   reader.pid(), reader.program().c_str(), dir.c_str());
    }
  }
  return status;
}

}  // namespace ringlog::cat
