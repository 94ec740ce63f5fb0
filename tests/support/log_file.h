// Reading a text log back and checking which records it holds.
#pragma once

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace ringlog::test {

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline std::size_t count_containing(const std::string& text, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t pos = text.find(needle); pos != std::string::npos;
       pos = text.find(needle, pos + needle.size())) {
    ++n;
  }
  return n;
}

// Records logged as "rec t=<thread> i=<index>": how many times each (thread, index) appears and
// whether each thread's indexes came out in order.
struct RecordCheck {
  std::size_t total = 0;
  std::size_t duplicates = 0;
  std::size_t out_of_order = 0;
  std::map<int, std::vector<int>> seen;  // per thread: how often each index was seen

  // True when every thread in [0, threads) logged indexes [0, per_thread) exactly once each.
  bool complete(int threads, int per_thread) const {
    if (static_cast<int>(seen.size()) != threads) return false;
    for (const auto& [t, counts] : seen) {
      if (t < 0 || t >= threads || static_cast<int>(counts.size()) != per_thread) return false;
      for (int c : counts) {
        if (c != 1) return false;
      }
    }
    return true;
  }
  std::size_t missing(int threads, int per_thread) const {
    std::size_t n = 0;
    for (int t = 0; t < threads; ++t) {
      const auto it = seen.find(t);
      for (int i = 0; i < per_thread; ++i) {
        if (it == seen.end() || i >= static_cast<int>(it->second.size()) || it->second[i] == 0) {
          ++n;
        }
      }
    }
    return n;
  }
};

inline RecordCheck check_records(const std::string& text) {
  RecordCheck check;
  std::map<int, int> last;
  for (const std::string& line : lines_of(text)) {
    const std::size_t at = line.find("rec t=");
    if (at == std::string::npos) continue;
    int t = -1, i = -1;
    if (std::sscanf(line.c_str() + at, "rec t=%d i=%d", &t, &i) != 2 || t < 0 || i < 0) continue;
    ++check.total;
    auto& counts = check.seen[t];
    if (static_cast<int>(counts.size()) <= i) counts.resize(static_cast<std::size_t>(i) + 1, 0);
    if (++counts[static_cast<std::size_t>(i)] > 1) ++check.duplicates;
    const auto prev = last.find(t);
    if (prev != last.end() && prev->second >= i) ++check.out_of_order;
    last[t] = i;
  }
  return check;
}

}  // namespace ringlog::test
