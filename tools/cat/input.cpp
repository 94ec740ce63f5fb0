#include "cat/input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

#include "cat/pattern_check.h"

namespace ringlog::cat {
namespace {

constexpr std::size_t kBlock = std::size_t{1} << 20;

}  // namespace

Input::Input(std::string path, bool follow,
             std::function<void(detail::ReadIssueKind, std::string)> on_issue,
             std::function<void(const std::string&)> on_note)
    : path_(std::move(path)),
      name_(path_ == "-" ? "(stdin)" : path_),
      follow_(follow),
      is_stdin_(path_ == "-"),
      on_issue_(std::move(on_issue)),
      on_note_(std::move(on_note)) {}

Input::~Input() {
  if (fd_ >= 0 && !is_stdin_) ::close(fd_);
}

bool Input::open() {
  return open_file(true);
}

// `report_missing` false: the path is known to be missing and is being waited for.
bool Input::open_file(bool report_missing) {
  if (fd_ >= 0 && !is_stdin_) ::close(fd_);
  fd_ = is_stdin_ ? STDIN_FILENO : ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0 && errno == ENOENT && follow_ && !is_stdin_) {
    // Like tail -F: the writer may not have created it yet. Wait, polling as for growth.
    if (report_missing && on_note_) on_note_("does not exist yet; waiting for it to appear");
    awaiting_file_ = true;
    fd_ = -1;
    offset_ = 0;
    eof_ = false;
    reader_ = make_reader();
    return true;
  }
  if (fd_ < 0) {
    on_issue_(detail::ReadIssueKind::not_ringlog,
              "cannot open: " + std::string(std::strerror(errno)));
    return false;
  }
  if (awaiting_file_ && on_note_) on_note_("has appeared; following it");
  awaiting_file_ = false;
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
  reader_ = make_reader();
  return true;
}

std::unique_ptr<detail::BinaryReader> Input::make_reader() {
  return std::make_unique<detail::BinaryReader>(
      [this](const detail::ReadIssue& issue) { on_issue_(issue.kind, issue.message); },
      text_pattern_check());
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
    if (awaiting_file_) {
      if (!open_file(false)) return Status::done;  // it appeared but cannot be read: reported
      if (awaiting_file_) return Status::waiting;
    }
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
