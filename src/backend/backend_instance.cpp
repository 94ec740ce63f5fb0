#include "backend/backend_instance.h"

#include "backend/ring_set.h"

namespace ringlog::detail {

// All three are leaked on purpose: threads and atexit hooks may still log, and a stalled
// backend's thread may still run, while statics are destroyed.

std::unique_ptr<Backend>& backend_slot() {
  static auto* slot = new std::unique_ptr<Backend>;
  return *slot;
}

std::unique_ptr<Backend>& stalled_backend_slot() {
  static auto* slot = new std::unique_ptr<Backend>;
  return *slot;
}

RingSet& ring_set() {
  static auto* rings = new RingSet;
  return *rings;
}

}  // namespace ringlog::detail
