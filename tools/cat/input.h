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
  // `on_issue` gets every problem with this input (already prefixed with its name); `on_note`
  // what the user may want to know that is not a problem (waiting for a file to appear).
  Input(std::string path, bool follow,
        std::function<void(detail::ReadIssueKind, std::string)> on_issue,
        std::function<void(const std::string&)> on_note = {});
  ~Input();
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  // Opens the file (or takes stdin). False, with the problem reported, when it cannot. With
  // follow, a file that does not exist yet is not a problem: advance() waits for it.
  bool open();

  enum class Status { record, waiting, done };
  // Decodes up to the next record, reading as needed. `waiting`: follow mode and no new data
  // yet; `done`: the input is finished (or unusable).
  Status advance();

  detail::BinaryReader& reader() { return *reader_; }
  const std::string& name() const { return name_; }

 private:
  std::unique_ptr<detail::BinaryReader> make_reader();
  bool read_block();  // false at end of data (for now) or on error
  bool reopened_after_rotation();
  bool open_file(bool report_missing);

  std::string path_, name_;
  bool follow_;
  bool is_stdin_;
  std::function<void(detail::ReadIssueKind, std::string)> on_issue_;
  std::function<void(const std::string&)> on_note_;
  bool awaiting_file_ = false;  // follow mode: the path does not exist yet
  int fd_ = -1;
  ino_t inode_ = 0;
  off_t offset_ = 0;
  bool eof_ = false;
  std::unique_ptr<detail::BinaryReader> reader_;
};

}  // namespace ringlog::cat
