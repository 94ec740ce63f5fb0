// Hooks into the process's life, installed by the first start(): exit and fork. (The crash
// handler is opt-in: include/ringlog/crash.h.)
#pragma once

namespace ringlog::detail {

// Makes return-from-main, exit() and quick_exit() stop ringlog (with Config::shutdown_timeout)
// when the program did not. Idempotent.
void install_exit_hook();
// Registers the pthread_atfork handlers (process/fork_handler.cpp). Idempotent.
void install_fork_handlers();

}  // namespace ringlog::detail
