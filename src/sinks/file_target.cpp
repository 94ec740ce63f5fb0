#include "sinks/file_target.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace ringlog::detail {
namespace {

std::int64_t wall_clock_ns() noexcept {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace

void FileTarget::open(FdWriter& out, const SinkContext& context) {
  context_ = &context;
  if (timed_) {
    const bool utc = timed_->utc.value_or(context.config == nullptr || context.config->utc_time);
    schedule_.emplace(timed_->every, utc);
    // start()'s calibration is "now" for every sink alike; a sink opened without one asks.
    period_ =
        schedule_->period_of(context.clock.unix_ns != 0 ? context.clock.unix_ns : wall_clock_ns());
    path_ = names_->file_for(period_.stamp);
  }
  const int fd = open_log_file(path_, false);
  if (fd < 0) throw open_error(path_);
  out.reset(fd, path_, &context);
  track(fd);
  if (timed_) remove_stale_files();
}

bool FileTarget::advance_period(std::int64_t unix_ns) {
  next_ = schedule_->period_of(unix_ns);
  if (next_.stamp != period_.stamp) return true;
  // Same stamp, later bounds (a local hour repeated when DST ends): the file stays.
  period_ = std::move(next_);
  return false;
}

void FileTarget::enter_period(FdWriter& out) {
  period_ = std::move(next_);
  path_ = names_->file_for(period_.stamp);
  // No descriptor yet, but the new name: a failure to open it is reported with that path.
  out.reset(-1, path_, context_);
  // Appending: a restart within the period, or a clock stepped back, continues the file.
  reopen(out, false);
  remove_stale_files();
}

void FileTarget::remove_stale_files() {
  if (timed_->retention == 0) return;
  namespace fs = std::filesystem;
  std::vector<DatedFile> files;
  std::error_code error;
  for (fs::directory_iterator it(names_->directory(), error), end; !error && it != end;
       it.increment(error)) {
    std::error_code type_error;
    if (!it->is_regular_file(type_error)) continue;
    const std::string name = it->path().filename().string();
    if (std::optional<std::string> stamp = names_->stamp_of(name, *schedule_)) {
      files.push_back({name, std::move(*stamp)});
    }
  }
  if (error) {
    report_removal_failure("cannot list '" + names_->directory() +
                           "' to remove old log files: " + error.message());
    return;
  }
  bool ok = true;
  for (const std::string& name : stale_files(std::move(files), period_.stamp, timed_->retention)) {
    const std::string file = names_->path_of(name);
    if (::unlink(file.c_str()) == 0 || errno == ENOENT) continue;
    ok = false;
    report_removal_failure("cannot delete old log file '" + file + "': " + std::strerror(errno));
  }
  if (ok && removal_failing_) {
    removal_failing_ = false;
    context_->notify("deleting old log files of '" + names_->file_for("*") + "' works again");
  }
}

void FileTarget::report_removal_failure(const std::string& message) {
  if (removal_failing_) {
    context_->count_error();
    return;
  }
  removal_failing_ = true;
  context_->report(message + " (reported once until a deletion works)");
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
    out.report_failure(
        max_bytes_ != 0 || timed_ ? "cannot open rotated log file" : "cannot reopen log file",
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
