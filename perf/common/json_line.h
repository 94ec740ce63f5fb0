// One flat JSON object per line: how every perf program hands its results to the report script.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>

namespace perf {

class JsonLine {
 public:
  JsonLine& add(std::string_view key, std::string_view value) {
    key_(key);
    quoted_(value);
    return *this;
  }
  JsonLine& add(std::string_view key, const char* value) {
    return add(key, std::string_view{value});
  }
  JsonLine& add(std::string_view key, double value) {
    key_(key);
    fmt::format_to(std::back_inserter(text_), "{:.6g}", value);
    return *this;
  }
  JsonLine& add(std::string_view key, std::uint64_t value) {
    key_(key);
    fmt::format_to(std::back_inserter(text_), "{}", value);
    return *this;
  }
  JsonLine& add(std::string_view key, int value) {
    key_(key);
    fmt::format_to(std::back_inserter(text_), "{}", value);
    return *this;
  }
  JsonLine& add(std::string_view key, bool value) {
    key_(key);
    text_ += value ? "true" : "false";
    return *this;
  }
  JsonLine& add(std::string_view key, std::span<const double> values) {
    key_(key);
    text_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      fmt::format_to(std::back_inserter(text_), "{}{:.6g}", i == 0 ? "" : ",", values[i]);
    }
    text_ += ']';
    return *this;
  }
  // The finished object, without a trailing newline.
  std::string str() const { return text_ + '}'; }

 private:
  void key_(std::string_view key) {
    text_ += text_.size() == 1 ? "" : ",";
    quoted_(key);
    text_ += ':';
  }
  void quoted_(std::string_view s) {
    text_ += '"';
    for (char c : s) {
      if (c == '"' || c == '\\') {
        text_ += '\\';
        text_ += c;
      } else if (static_cast<unsigned char>(c) < 0x20) {
        fmt::format_to(std::back_inserter(text_), "\\u{:04x}", static_cast<int>(c));
      } else {
        text_ += c;
      }
    }
    text_ += '"';
  }
  std::string text_ = "{";
};

// Appends `line` and a newline to `file` (nullptr = do nothing).
inline void emit(std::FILE* file, const JsonLine& line) {
  if (file == nullptr) return;
  const std::string s = line.str();
  std::fprintf(file, "%s\n", s.c_str());
  std::fflush(file);
}

}  // namespace perf
