#include "sinks/file_target.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace ringlog::detail {

void FileTarget::open(FdWriter& out, const SinkContext& context) {
  context_ = &context;
  const int fd = open_log_file(path_, false);
  if (fd < 0) throw open_error(path_);
  out.reset(fd, path_, &context);
  track(fd);
}

bool FileTarget::moved_away(const FdWriter& out) {
  // A log file deleted or moved away (logrotate without copytruncate) would swallow every later
  // record: notice it by inode before each write and start a new file at the path.
  if (!out.is_open() || !path_moved_away(path_, id_)) return false;
  context_->report("log file '" + path_ + "' was deleted or replaced; reopening the path");
  return true;
}

bool FileTarget::reopen(FdWriter& out, bool truncate) {
  const int fd = open_log_file(path_, truncate);
  if (fd < 0) {
    // Worded as the rotating and plain file sinks always have: error handlers may match it.
    out.report_failure(max_bytes_ != 0 ? "cannot open rotated log file" : "cannot reopen log file",
                       errno);
    return false;
  }
  out.reset(fd, path_, context_);
  track(fd);
  return true;
}

bool FileTarget::write_front(FdWriter& out, std::size_t bytes) {
  if (bytes == 0) return true;
  // After a failed open, try the file again: logging resumes by itself once the fault (missing
  // directory, read-only directory, full disk) is cleared.
  if (!out.is_open() && !reopen(out, false)) {
    out.discard_front(bytes);
    return false;
  }
  const std::uint64_t written_before = out.bytes_written();
  const bool ok = out.flush_front(bytes);
  // What reached the file, also when a write fails part-way.
  file_bytes_ += out.bytes_written() - written_before;
  return ok;
}

bool FileTarget::rotate(FdWriter& out) {
  if (max_backups_ == 0) {
    // Without backups the file starts over (truncated) instead.
    out.detach();
    return reopen(out, true);
  }
  // Oldest first, so no rename overwrites a file that still has to move. A missing backup is
  // normal (not rotated that often yet); any other failure is reported once per run.
  bool ok = true;
  for (std::size_t i = max_backups_; i > 1; --i) {
    ok = rename_checked(backup_name(i - 1), backup_name(i)) && ok;
  }
  if (!rename_checked(path_, backup_name(1))) {
    // The current file could not move aside: keep appending to it rather than lose records.
    rotation_failed_ = true;
    return false;
  }
  if (ok && rename_failing_) {
    rename_failing_ = false;
    context_->notify("rotating '" + path_ + "' works again");
  }
  out.detach();
  return reopen(out, false);
}

bool FileTarget::rename_checked(const std::string& from, const std::string& to) {
  if (std::rename(from.c_str(), to.c_str()) == 0 || errno == ENOENT) return true;
  if (!rename_failing_) {
    rename_failing_ = true;
    context_->report("cannot rotate '" + from + "' to '" + to + "': " + std::strerror(errno) +
                     " (reported once until a rotation works)");
  } else {
    context_->count_error();
  }
  return false;
}

void FileTarget::track(int fd) {
  id_ = file_id(fd);
  struct stat st {};
  file_bytes_ = ::fstat(fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
  holds_records_ = file_bytes_ > 0;
}

}  // namespace ringlog::detail
