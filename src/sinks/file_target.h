// The target half of a file sink: the path, the descriptor writing it, noticing a file moved
// away, rotation by size with backups, and rotation by time to dated files with retention.
// Everything here reports its failures (once per run) through the sink's SinkContext.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "ringlog/sinks.h"
#include "sinks/fd_writer.h"
#include "sinks/file_open.h"
#include "sinks/rotation_schedule.h"

namespace ringlog::detail {

class FileTarget {
 public:
  // max_bytes == 0: one file that grows; else rotation as rotating_file_sink() describes.
  FileTarget(std::string path, std::size_t max_bytes, std::size_t max_backups)
      : path_(std::move(path)), max_bytes_(max_bytes), max_backups_(max_backups) {}
  // A dated file per period of `rotation` (time_rotating_file_sink()), each also capped by size
  // when rotation.max_bytes != 0.
  FileTarget(std::string path, const TimeRotation& rotation)
      : path_(path),
        max_bytes_(rotation.max_bytes),
        max_backups_(rotation.max_backups),
        timed_(rotation),
        names_(DatedPath(path)) {}

  // Opens the path for appending into `out`. Throws std::system_error naming it on failure. With
  // rotation by time: the dated file of the period holding context.clock's time, after which
  // files beyond retention are deleted.
  void open(FdWriter& out, const SinkContext& context);
  // True (and reported) when the open file is no longer the one at the path (deleted, moved
  // away by logrotate). One stat(2).
  bool moved_away(const FdWriter& out);
  // Opens the path anew into `out` (truncated with `truncate`); a failure is reported once.
  bool reopen(FdWriter& out, bool truncate);
  // Hands the first `bytes` of `out`'s buffer to the file, reopening the path first if the
  // last open failed; dropped (and counted) when it still cannot be opened.
  bool write_front(FdWriter& out, std::size_t bytes);

  // True when rotation is on, the file holds something, and `more` bytes would pass the cap.
  bool over_cap(const FdWriter& out, std::size_t more) const noexcept {
    return max_bytes_ != 0 && holds_records_ && out.is_open() && !rotation_failed_ &&
           file_bytes_ + more > max_bytes_;
  }
  // The `more` over_cap() allows once the file holds a record; SIZE_MAX while it cannot be over
  // (no rotation by size, no file open, a rotation failed in this batch).
  std::size_t room(const FdWriter& out) const noexcept {
    if (max_bytes_ == 0 || !out.is_open() || rotation_failed_) return SIZE_MAX;
    return file_bytes_ >= max_bytes_ ? 0 : static_cast<std::size_t>(max_bytes_ - file_bytes_);
  }
  // False for a file that only grows: over_cap() is then always false.
  bool rotates_by_size() const noexcept { return max_bytes_ != 0; }
  bool rotates_by_time() const noexcept { return timed_.has_value(); }
  // A record is going to the current file.
  void record_added() noexcept { holds_records_ = true; }
  // Moves the current file aside (path -> path.1 -> ...), whose buffered bytes `out` must have
  // written, and opens a new one. False when the current file could not move: it keeps growing,
  // and no rotation is tried again until next_batch().
  bool rotate(FdWriter& out);
  // A batch was flushed: a failed rotation may be tried again.
  void next_batch() noexcept { rotation_failed_ = false; }

  // Rotation by time: true when a record at `unix_ns` belongs to a later period with another
  // file than the current one; enter_period() then switches. One comparison while the current
  // period lasts.
  bool new_period(std::int64_t unix_ns) {
    if (!schedule_ || unix_ns < period_.end_ns) [[likely]]
      return false;
    return advance_period(unix_ns);
  }
  // Opens the new period's file (appending) into `out`, whose bytes for the old file must have
  // been written, and deletes files beyond retention. A failed open is reported; the next write
  // tries again.
  void enter_period(FdWriter& out);

  // The file being written (with rotation by time, the current period's dated file).
  const std::string& path() const noexcept { return path_; }

 private:
  bool advance_period(std::int64_t unix_ns);
  // Deletes this path's dated files beyond retention (TimeRotation::retention).
  void remove_stale_files();
  void report_removal_failure(const std::string& message);
  void track(int fd);
  bool rename_checked(const std::string& from, const std::string& to);
  std::string backup_name(std::size_t n) const { return path_ + "." + std::to_string(n); }

  std::string path_;
  std::size_t max_bytes_;
  std::size_t max_backups_;
  const SinkContext* context_ = nullptr;
  FileId id_;
  std::uint64_t file_bytes_ = 0;  // the file's size as we know it
  bool holds_records_ = false;    // not empty: what starts a file may not start a rotation
  bool rename_failing_ = false;   // reported; the next rotation that works says so
  bool rotation_failed_ = false;  // in this batch: no further attempt until the next one

  // Rotation by time only.
  std::optional<TimeRotation> timed_;
  std::optional<DatedPath> names_;
  std::optional<RotationSchedule> schedule_;  // made at open(), when Config's zone is known
  RotationPeriod period_;                     // of the open file
  RotationPeriod next_;                       // found by new_period(), entered by enter_period()
  bool removal_failing_ = false;              // reported; the next deletion that works says so
};

}  // namespace ringlog::detail
