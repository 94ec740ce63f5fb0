// Internal lifecycle state shared by start()/stop(), the exit hook and the fork hooks.
#pragma once

#include <memory>

#include "backend/backend.h"

namespace ringlog::detail {

// The running backend, or null. Guarded by runtime().lifecycle.
std::unique_ptr<Backend>& backend_slot();
// A backend whose timed stop() gave up (stuck in a sink); joined by a later stop() or start()
// once it has finished. Guarded by runtime().lifecycle.
std::unique_ptr<Backend>& stalled_backend_slot();

// Makes return-from-main, exit() and quick_exit() stop ringlog (with Config::shutdown_timeout)
// when the program did not. Registered by the first start(); idempotent.
void install_exit_hook();
// Registers the pthread_atfork handlers (core/fork_handler.cpp). Idempotent.
void install_fork_handlers();

}  // namespace ringlog::detail
