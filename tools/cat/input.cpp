#include "cat/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace ringlog::cat {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;

}  // namespace

Input::Input(std::string path, bool follow,
             std::function<void(detail::ReadIssueKind, std::string)> on_issue)
    : path_(std::move(path)),
      name_(path_ == "-" ? "(stdin)" : path_),
      follow_(follow),
      is_stdin_(path_ == "-"),
      on_issue_(std::move(on_issue)) {}

Input::~Input() {
  if (fd_ >= 0 && !is_stdin_) ::close(fd_);
}

bool Input::open() {
  if (fd_ >= 0 && !is_stdin_) ::close(fd_);
  fd_ = is_stdin_ ? STDIN_FILENO : ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    on_issue_(detail::ReadIssueKind::not_ringlog,
              "cannot open: " + std::string(std::strerror(errno)));
    return false;
  }
  struct stat st {};
  if (::fstat(fd_, &st) == 0) {
    if (S_ISDIR(st.st_mode)) {
      on_issue_(detail::ReadIssueKind::not_ringlog, "is a directory");
      return false;
    }
    inode_ = st.st_ino;
  }
  offset_ = 0;
  eof_ = false;
  reader_ = std::make_unique<detail::BinaryReader>(
      [this](const detail::ReadIssue& issue) { on_issue_(issue.kind, issue.message); });
  return true;
}

bool Input::read_block() {
  thread_local std::vector<char> block(kBlock);
  for (;;) {
    const ssize_t n = ::read(fd_, block.data(), block.size());
    if (n > 0) {
      offset_ += n;
      reader_->feed(block.data(), static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      on_issue_(detail::ReadIssueKind::not_ringlog,
                "read failed: " + std::string(std::strerror(errno)));
      eof_ = true;
      reader_->finish();
    }
    return false;
  }
}

// In follow mode at the end of the data: if the path now names another file (rotation) or the
// file shrank (truncated in place), finish the old stream and start on the new one.
bool Input::reopened_after_rotation() {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return false;  // rotated away, new file not there yet
  if (st.st_ino == inode_ && st.st_size >= offset_) return false;
  reader_->finish();
  while (reader_->next()) {
  }  // the old file ended at a chunk boundary unless its writer crashed: nothing to print
  return open();
}

Input::Status Input::advance() {
  for (;;) {
    if (reader_->next()) return Status::record;
    if (reader_->fatal() || reader_->at_end()) return Status::done;
    if (eof_) {
      reader_->finish();
      continue;
    }
    if (read_block()) continue;
    if (eof_) continue;
    // End of the data for now.
    if (follow_ && !is_stdin_) {
      if (reopened_after_rotation()) continue;
      return Status::waiting;
    }
    eof_ = true;
  }
}

}  // namespace ringlog::cat
