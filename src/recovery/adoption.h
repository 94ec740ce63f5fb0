// Config::recover_at_start: start() writes what dead processes left in ring_dir to its own
// sinks, before anything this run logs, then removes their directories.
#pragma once

#include <string>

#include "runtime/runtime.h"

namespace ringlog::detail {

// For every directory in `ring_dir` whose process is dead (pid gone, or reused by another
// program: the start time differs): one line "recovered N records from pid P (killed)" (logger
// "ringlog", level warn), the stranded records in timestamp order, a flush, then the
// directory is removed. Problems go to report_error(). Directories of live processes, and of
// this process's own pid, are left alone. Call with the sinks open and sinks.mutex held.
void adopt_dead_ring_dirs(Runtime& rt, const std::string& ring_dir);

}  // namespace ringlog::detail
