// Runs one measurement in a forked child process and brings its result back through a pipe, so
// that nothing the measured library starts (threads, queues, open files) outlives the measurement
// or runs beside the next one (perf/README.md, "Each peer run is its own process").
#pragma once

#include <functional>
#include <stdexcept>
#include <string>

namespace perf {

// A child that threw, crashed, exited non-zero or sent back less than its whole result. The
// message names the run (`what`) and how the child ended.
struct ChildFailed : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Forks; the child runs `body`, sends the bytes it returns to the parent and ends with _exit
// (no static destructors: a library's exit-time work is not measured, nor can it hang or crash
// the parent). The parent only waits and reads, then returns those bytes. Throws ChildFailed
// naming `what` when the child did not deliver a whole result (an exception in the child is
// printed to stderr by the child first). Call only while this process has a single thread:
// fork copies only the calling one.
std::string run_in_child_returning(const std::string& what,
                                   const std::function<std::string()>& body);

}  // namespace perf
