// The main() of every perf program: a bad option or an unwritable output file ends the program
// with one line naming it, the usage text and exit status 2.
#pragma once

#include <cstdio>
#include <exception>

namespace perf {

template <typename Body>
int run_main(const char* program, const char* usage, Body body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n%s", program, e.what(), usage);
    return 2;
  }
}

}  // namespace perf
