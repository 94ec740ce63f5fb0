// What the harness reads about its own process and machine: memory, CPUs, a scratch directory.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

namespace perf {

// Current and peak resident set size of this process, in KiB (VmRSS / VmHWM of
// /proc/self/status); 0 when unreadable.
std::uint64_t rss_kib();
std::uint64_t peak_rss_kib();

// Pins the calling thread to `cpu` (ignored when it does not exist). Returns false on failure.
bool pin_this_thread(int cpu);

// Number of CPUs this process may run on.
int usable_cpus();

// Forks a child that runs `body` and ends with _exit(what `body` returns); an exception that
// escapes `body` is printed to stderr and ends the child with 1. Nothing buffered before the
// fork is written twice. Returns the child's pid; throws std::system_error when fork fails. Call
// only while this process has a single thread: fork copies only the calling one.
pid_t start_child(const std::function<int()>& body);
// Waits for the child `pid` (retrying EINTR) and returns its wait status (sys/wait.h macros);
// throws std::system_error when waitpid fails.
int wait_for_child(pid_t pid);

// Runs `body` in a forked child (so its peak RSS is its own) and waits for it. Returns the
// child's exit code, or 128 + signal. Call only while this process has a single thread.
int run_in_child(int (*body)(void*), void* context);

// Counts '\n' in a file; throws std::runtime_error naming the path when it cannot be read.
std::uint64_t count_lines(const std::filesystem::path& path);

// Counts the lines of a text file that contain `needle` (a record's message, so a peer's header
// or summary lines are not counted); throws std::runtime_error naming the path when unreadable.
std::uint64_t count_lines_containing(const std::filesystem::path& path, std::string_view needle);

// A fresh directory under `parent` (created if needed), removed with its contents on
// destruction unless `keep`.
class ScratchDir {
 public:
  ScratchDir(const std::filesystem::path& parent, const std::string& prefix, bool keep = false);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  std::filesystem::path path_;
  bool keep_;
};

}  // namespace perf
