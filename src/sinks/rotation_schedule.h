// Rotation by time, the parts that need no file: which period (day, hour, minute) a record's
// timestamp falls in, the dated file name of a period, and which dated files retention removes.
// Pure, so a unit test gives it any time (no clock, no sleeping, no waiting for midnight).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/sinks.h"

namespace ringlog::detail {

// One period of a schedule: [start_ns, end_ns) in ns since 1970 UTC, and its stamp.
struct RotationPeriod {
  std::int64_t start_ns = 0;
  std::int64_t end_ns = 0;
  std::string stamp;  // "2026-12-03" (day), "2026-12-03T15" (hour), "2026-12-03T15-04" (minute)
};

class RotationSchedule {
 public:
  // `utc` false: periods and stamps follow the local time zone (TZ), DST included.
  RotationSchedule(RotateEvery every, bool utc) noexcept : every_(every), utc_(utc) {}

  // The period holding `unix_ns`. end_ns > unix_ns always, also across a DST change.
  RotationPeriod period_of(std::int64_t unix_ns) const;
  // True when `text` is a stamp this schedule writes (digits and separators in place).
  bool is_stamp(std::string_view text) const noexcept;
  RotateEvery every() const noexcept { return every_; }

 private:
  RotateEvery every_;
  bool utc_;
};

// A sink's path split for dated names: "logs/app.log" -> "logs/app" + ".2026-12-03" + ".log".
// The extension is the file name's part from its last '.', if that is not its first character.
class DatedPath {
 public:
  explicit DatedPath(std::string_view path);

  // The file of the period `stamp`: "logs/app.2026-12-03.log" ("logs/app.2026-12-03" without an
  // extension).
  std::string file_for(std::string_view stamp) const;
  // The directory holding the files ("." for a bare name), and a name in it as a path.
  const std::string& directory() const noexcept { return directory_; }
  std::string path_of(std::string_view file_name) const { return prefix_ + std::string(file_name); }
  // The stamp in `file_name` (a name in directory(), no directory part) when it is one of this
  // path's dated files by `schedule`: "<stem>.<stamp><ext>", or "<stem>.<stamp><ext>.<n>" for a
  // size rotation's backup. Any other name: nullopt (never ours to delete).
  std::optional<std::string> stamp_of(std::string_view file_name,
                                      const RotationSchedule& schedule) const;

 private:
  std::string directory_;
  std::string prefix_;  // the directory part, as given ("" or "logs/")
  std::string stem_;
  std::string extension_;
};

// Of `files` (names with their stamps), those retention removes: every file whose stamp is not
// `current` nor among the newest `keep - 1` other stamps. keep == 0 removes nothing. Stamps sort
// as their periods do (fixed-width digits), so the oldest are the smallest.
struct DatedFile {
  std::string name;
  std::string stamp;
};
std::vector<std::string> stale_files(std::vector<DatedFile> files, std::string_view current,
                                     std::size_t keep);

}  // namespace ringlog::detail
