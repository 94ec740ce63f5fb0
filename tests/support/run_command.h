// Runs a shell command and collects its standard output, for tests that check files with
// outside tools (python3's json module, jq).
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace ringlog::test {

struct CommandResult {
  int exit_code;       // the command's exit status, or -1 when it did not exit normally
  std::string output;  // everything it wrote to stdout
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result{-1, {}};
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  char chunk[4096];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, pipe)) > 0) result.output.append(chunk, n);
  const int status = ::pclose(pipe);
  if (status != -1 && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

// Parses each line of the JSON Lines file `path` with python3's json module (a real parser, not
// ours) and prints the Python expression `expr` of it, `o` being the parsed object: one output
// line per input line.
inline CommandResult python_json_lines(const std::string& path, const std::string& expr) {
  return run_command(
      "python3 -c 'import json,sys\n"
      "for line in open(sys.argv[1], encoding=\"utf-8\"):\n"
      "  o = json.loads(line)\n"
      "  print(" +
      expr + ")' " + path);
}

}  // namespace ringlog::test
