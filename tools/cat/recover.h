// ringlog-cat --recover DIR: the records a killed process left in its ring files
// (Config::ring_dir), as text (the text sink's lines), JSON Lines, or appended to a binary log.
#pragma once

#include "cat/options.h"

namespace ringlog::cat {

// DIR is one process's directory (<ring_dir>/<program>.<pid>) or ring_dir itself (every dead
// process's directory in it, oldest pid first). A directory whose process is alive (same pid,
// same start time) is reported and left alone. Directories are read, never changed. Returns the
// exit status: 0, kExitUnreadable (nothing to read), kExitCorrupt (damage reported).
int run_recover(const Options& options);

// run_recover()'s loop over process directories, writing text and JSON to `fd`.
class RecordFilter;
int recover_dirs(const Options& options, const std::vector<std::string>& dirs, RecordFilter& filter,
                 int fd);

}  // namespace ringlog::cat
