// The producer side of ringlog::Context: each thread's own copy of its context, which scopes
// edit and which is sent to the backend on every change.
#pragma once

#include <span>

#include "ringlog/context.h"
#include "ringlog/field.h"

namespace ringlog::detail {

// The calling thread's context as resolved fields (one per key), for synchronous loggers that
// format in the calling thread. Views into thread-local storage: valid until the thread's
// context next changes. No allocation.
std::span<const Field> current_context_fields() noexcept;

}  // namespace ringlog::detail
