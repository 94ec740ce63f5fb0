// Telling a live process from a dead one whose pid was reused: a pid plus the time the process
// started (field 22 of /proc/<pid>/stat, in clock ticks since boot).
#pragma once

#include <cstdint>
#include <string>

namespace ringlog::detail {

// The start time of process `pid`, or 0 when no such process exists (or /proc is unreadable).
std::uint64_t process_start_time(int pid);
// True when process `pid` exists and started at `start_time`: the writer of a ring directory
// is still alive, and its files must not be touched.
bool process_alive(int pid, std::uint64_t start_time);
// This program's short name (program_invocation_short_name), "ringlog" when empty, with '/'
// and leading '.' replaced so it is a safe directory name part.
std::string program_short_name();

}  // namespace ringlog::detail
