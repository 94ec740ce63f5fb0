// Where the process keeps its backend: the running one, and one left behind by a timed-out stop().
#pragma once

#include <memory>

#include "backend/backend.h"

namespace ringlog::detail {

// The running backend, or null. Guarded by runtime().lifecycle.
std::unique_ptr<Backend>& backend_slot();
// A backend whose timed stop() gave up (stuck in a sink); joined by a later stop() or start()
// once it has finished. Guarded by runtime().lifecycle.
std::unique_ptr<Backend>& stalled_backend_slot();

}  // namespace ringlog::detail
