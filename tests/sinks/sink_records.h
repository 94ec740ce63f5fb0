// What the tests in tests/sinks/ share: a quiet configuration, a numbered burst of records, and
// reading the numbers back from text, JSON Lines and binary files.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/binary_decode.h"
#include "support/error_log.h"
#include "support/run_command.h"

namespace ringlog::test {

// Flushes only when asked, text as the bare message, errors collected.
inline Config quiet_config(ErrorLog& errors) {
  Config config;
  config.flush_interval = std::chrono::hours{1};
  config.batch_size = 1'000'000;
  config.pattern = "{message}";
  config.error_handler = errors.handler();
  return config;
}

// Logs "rec i=<i>" with a kv() field side=buy for i in [first, last), then flushes.
inline void log_range(int first, int last) {
  Logger& log = get_logger("sinks");
  for (int i = first; i < last; ++i) RLOG_INFO(log, "rec i={}", i, kv("side", "buy"));
  flush();
}

// The i of every "rec i=<i>" in `lines`, in order.
inline std::vector<int> record_numbers(const std::vector<std::string>& lines) {
  std::vector<int> numbers;
  for (const std::string& line : lines) {
    const std::size_t at = line.find("rec i=");
    int i = -1;
    if (at != std::string::npos && std::sscanf(line.c_str() + at, "rec i=%d", &i) == 1) {
      numbers.push_back(i);
    }
  }
  return numbers;
}

inline std::vector<int> range(int first, int last) {
  std::vector<int> numbers;
  for (int i = first; i < last; ++i) numbers.push_back(i);
  return numbers;
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  if (start < text.size()) lines.push_back(text.substr(start));
  return lines;
}

// The messages of a JSON Lines file as python3's json module reads them (a parser not ours);
// empty when any line is not valid JSON.
inline std::vector<std::string> json_messages(const std::string& path) {
  const CommandResult py = python_json_lines(path, "o[\"message\"]");
  if (py.exit_code != 0) return {};
  return split_lines(py.output);
}

// The messages of a binary log file, decoded on its own; empty when it does not decode cleanly.
inline std::vector<std::string> binary_messages(const std::string& path) {
  const Decoded decoded = decode_file(path);
  if (decoded.fatal || !decoded.issues.empty()) return {};
  return decoded.messages;
}

}  // namespace ringlog::test
