// The main() of every perf program: a bad option or an unwritable output file ends the program
// with one line naming it, the usage text and exit status 2; a measurement whose child process
// failed (common/child_pipe.h) ends it with one line naming the run and exit status 1.
#pragma once

#include <cstdio>
#include <exception>

#include "common/child_pipe.h"

namespace perf {

template <typename Body>
int run_main(const char* program, const char* usage, Body body) {
  try {
    return body();
  } catch (const ChildFailed& e) {
    std::fprintf(stderr, "%s: %s\n", program, e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n%s", program, e.what(), usage);
    return 2;
  }
}

}  // namespace perf
