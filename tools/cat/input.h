// One input of ringlog-cat: a file or standard input, read in blocks into a BinaryReader.
// With --follow, a file is re-read as it grows and reopened when it is rotated or truncated.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <string>

#include "codec/binary_reader.h"

namespace ringlog::cat {

class Input {
 public:
  // `on_issue` gets every problem with this input (already prefixed with its name).
  Input(std::string path, bool follow,
        std::function<void(detail::ReadIssueKind, std::string)> on_issue);
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Opens the file (or takes stdin). False, with the problem reported, when it cannot.
  bool open();

  enum class Status { record, waiting, done };
  // Decodes up to the next record, reading as needed. `waiting`: follow mode and no new data
  // yet; `done`: the input is finished (or unusable).
  Status advance();

  detail::BinaryReader& reader() { return *reader_; }
  const std::string& name() const { return name_; }

 private:
  bool read_block();  // false at end of data (for now) or on error
  bool reopened_after_rotation();

  std::string path_, name_;
  bool follow_;
  bool is_stdin_;
  std::function<void(detail::ReadIssueKind, std::string)> on_issue_;
  int fd_ = -1;
  ino_t inode_ = 0;
  off_t offset_ = 0;
  bool eof_ = false;
  std::unique_ptr<detail::BinaryReader> reader_;
};

}  // namespace ringlog::cat
