// Collects the errors ringlog reports (Config::error_handler), for assertions.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "ringlog/config.h"

namespace ringlog::test {

class ErrorLog {
 public:
  // A handler that appends to this log; the log must outlive ringlog's use of it.
  ErrorHandler handler() {
    return [this](std::string_view message) {
      std::lock_guard lock(mutex_);
      messages_.emplace_back(message);
    };
  }
  std::vector<std::string> messages() const {
    std::lock_guard lock(mutex_);
    return messages_;
  }
  // How many reported messages contain `needle`.
  std::size_t count(std::string_view needle) const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const std::string& m : messages_) n += m.find(needle) != std::string::npos ? 1 : 0;
    return n;
  }
  std::string all() const {
    std::lock_guard lock(mutex_);
    std::string text;
    for (const std::string& m : messages_) text += m + "\n";
    return text;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> messages_;
};

}  // namespace ringlog::test
