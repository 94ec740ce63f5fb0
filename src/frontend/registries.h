// The registries' locks, for the fork hooks: held across fork() so the child's copies are
// consistent and unlocked.
#pragma once

#include <mutex>

namespace ringlog::detail {

std::mutex& call_site_registry_mutex() noexcept;
std::mutex& logger_registry_mutex() noexcept;

}  // namespace ringlog::detail
