#include "cat/recover.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "cat/binary_overlap.h"
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
  Destination(const Options& o, int fd) : options_(o), output_(fd), fd_(fd) {}

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
    pending_.clear();
    ends_.clear();
    skipped_ = 0;
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
      return;
    }
    // Appended to a file: held back until the file's end has been compared with them.
    auto& out = options_.append ? pending_ : output_.buffer();
    if (options_.json) {
      json_.format(event, out);
    } else {
      layout_->format(event, out);
    }
    if (options_.append) {
      ends_.push_back(pending_.size());
    } else {
      output_.maybe_flush();
    }
  }
  // Writes out what is held back. False (reported) on an error.
  bool end() {
    if (sink_) {
      sink_->flush();
      sink_->close();
      sink_.reset();
    }
    if (options_.append && !append_pending()) return false;
    return output_.flush();
  }
  // Records the file already ends with, for the summary.
  std::size_t skipped() const { return skipped_; }

 private:
  // Skips the records the file already ends with (a sink wrote them, the kill came before the
  // ring was told), ends a cut last line, then appends the rest.
  bool append_pending() {
    const std::string& path = *options_.append;
    const std::string_view rendered(pending_.data(), pending_.size());
    std::string error;
    FileTail tail;
    // Bounded: the records could fill at most their own size; the margin is for a cut line.
    if (!read_tail(fd_, rendered.size() + kCutLineMargin, path, tail, error) ||
        !end_torn_line(fd_, options_.json, path, error)) {
      std::fprintf(stderr, "ringlog-cat: %s\n", error.c_str());
      return false;
    }
    skipped_ = already_written(tail, rendered, ends_);
    const std::size_t from = skipped_ == 0 ? 0 : ends_[skipped_ - 1];
    output_.buffer().append(pending_.data() + from, pending_.data() + pending_.size());
    return true;
  }

  static constexpr std::size_t kCutLineMargin = std::size_t{1} << 16;

  const Options& options_;
  std::optional<detail::TextLayout> layout_;
  // The JSON sink's own layout (no "args"), so appended lines match the ones before them.
  detail::JsonLayout json_;
  Output output_;
  int fd_;
  fmt::memory_buffer pending_;     // --append: this process's records, laid out
  std::vector<std::size_t> ends_;  // where each of them ends in pending_
  std::size_t skipped_ = 0;
  Config config_;
  SinkContext context_;
  SinkPtr sink_;
};

// How many of the records `reader` recovers (those `filter` keeps) the binary log at `path`
// already ends with.
std::size_t binary_already_written(const detail::RingDirReader& reader, RecordFilter& filter,
                                   const std::string& path) {
  std::vector<std::string> recovered;
  reader.for_each([&](const LogEvent& event) {
    if (filter.matches(event, reader.utc_time())) recovered.push_back(record_key(event));
  });
  return already_written(last_record_keys(path, recovered.size()), recovered);
}

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
    fd = open_for_append(*options.append, error);
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
    const std::size_t in_binary_log =
        options.append_binary ? binary_already_written(reader, filter, *options.append_binary) : 0;
    if (!out.begin(reader)) return kExitUnreadable;
    std::size_t matched = 0;
    reader.for_each([&](const LogEvent& event) {
      if (!filter.matches(event, reader.utc_time())) return;
      if (++matched <= in_binary_log) return;
      out.write(event);
    });
    if (!out.end()) return kExitUnreadable;
    if (!options.quiet) {
      std::fprintf(stderr, "ringlog-cat: recovered %zu records from pid %d (%s) in %s\n", matched,
                   reader.pid(), reader.program().c_str(), dir.c_str());
      const std::size_t skipped = in_binary_log + out.skipped();
      if (skipped != 0) {
        std::fprintf(stderr,
                     "ringlog-cat: %zu of them were already at the end of %s; not repeated\n",
                     skipped, (options.append ? *options.append : *options.append_binary).c_str());
      }
    }
  }
  return status;
}

}  // namespace ringlog::cat
