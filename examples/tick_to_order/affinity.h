// Pinning the two hot-path threads the same way in every run.
#pragma once

namespace demo {

enum class Role { feed, strategy };

// Pins the calling thread to its role's CPU: the feed to the first CPU this process may use,
// the strategy to the second (the same one when only one is allowed). Other threads (the
// gateway, logging backends) are left to the scheduler, so on a 2-core machine nothing can be
// starved behind a pinned thread. Returns the CPU, or -1 if pinning failed (the run goes on).
int pin_current_thread(Role role) noexcept;

}  // namespace demo
