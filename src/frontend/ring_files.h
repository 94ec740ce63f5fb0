// start()'s side of Config::ring_dir: opens the process's ring directory and records every call
// site registered so far, under the registry's lock so none registers unrecorded in between.
#pragma once

#include "ringlog/clock_anchor.h"
#include "ringlog/config.h"

namespace ringlog::detail {

// Returns false when the directory could not be made (reported; rings stay private).
bool open_ring_files(const Config& config, const ClockAnchor& anchor);

}  // namespace ringlog::detail
