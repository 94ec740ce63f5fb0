// A tiny "--name value" / "--flag" command-line reader shared by the perf programs.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace perf {

class Args {
 public:
  // `flags` take no value; every other "--name" takes the next argument. An option that
  // `usage` does not mention is an error (a mistyped option must not silently run defaults).
  Args(int argc, char** argv, std::vector<std::string_view> flags, std::string_view usage) {
    for (int i = 1; i < argc; ++i) {
      std::string_view a = argv[i];
      if (a.substr(0, 2) != "--")
        throw std::invalid_argument("unexpected argument: " + std::string(a));
      if (a != "--help" && !mentions(usage, a))
        throw std::invalid_argument("unknown option " + std::string(a));
      a.remove_prefix(2);
      bool is_flag = false;
      for (auto f : flags) is_flag = is_flag || f == a;
      if (is_flag) {
        values_[std::string(a)] = "1";
      } else if (i + 1 < argc) {
        values_[std::string(a)] = argv[++i];
      } else {
        throw std::invalid_argument("--" + std::string(a) + " needs a value");
      }
    }
  }
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string str(const std::string& name, std::string fallback) const {
    auto it = values_.find(name);
    return it == values_.end() ? fallback : it->second;
  }
  std::uint64_t num(const std::string& name, std::uint64_t fallback) const {
    auto it = values_.find(name);
    if (it == values_.end()) return fallback;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(it->second.c_str(), &end, 0);
    if (end == it->second.c_str() || *end != '\0') {
      throw std::invalid_argument("--" + name + " expects a number, got '" + it->second + "'");
    }
    return v;
  }
  // A comma-separated list ("1,2" or "a,b"); `fallback` when absent.
  std::vector<std::string> list(const std::string& name, std::string fallback) const {
    std::vector<std::string> out;
    std::string s = str(name, std::move(fallback));
    std::size_t start = 0;
    while (start <= s.size()) {
      const std::size_t comma = s.find(',', start);
      const std::size_t end = comma == std::string::npos ? s.size() : comma;
      if (end > start) out.push_back(s.substr(start, end - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return out;
  }

 private:
  // True when `option` ("--name") appears in `usage` as a whole word.
  static bool mentions(std::string_view usage, std::string_view option) {
    for (auto at = usage.find(option); at != std::string_view::npos;
         at = usage.find(option, at + 1)) {
      const std::size_t end = at + option.size();
      const bool whole =
          end == usage.size() ||
          !(std::isalnum(static_cast<unsigned char>(usage[end])) || usage[end] == '-');
      if (whole) return true;
    }
    return false;
  }

  std::map<std::string, std::string> values_;
};

}  // namespace perf
