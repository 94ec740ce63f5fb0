// The ringlog-cat program this build made, for tests that decode with the real tool.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace ringlog::test {

// Named by the RINGLOG_CAT variable the test's meson definition sets; throws (a test failure,
// not a crash) when it is missing, i.e. when the test was not started by `meson test`.
inline std::string ringlog_cat_path() {
  const char* path = std::getenv("RINGLOG_CAT");
  if (path == nullptr)
    throw std::runtime_error("RINGLOG_CAT is not set: run this test with meson test");
  return path;
}

}  // namespace ringlog::test
