// A tiny matcher for expected log lines ('#' = one digit, '%' = one or more
// digits, '*' = any run of characters), since
// std::regex trips GCC 12's -Wmaybe-uninitialized under -Werror.
#pragma once

#include <cctype>
#include <string_view>

namespace ringlog::test {

inline bool matches(std::string_view pattern, std::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (std::size_t skip = 0; skip <= text.size(); ++skip) {
      if (matches(pattern.substr(1), text.substr(skip))) return true;
    }
    return false;
  }
  if (pattern[0] == '%') {
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits]))) {
      ++digits;
      if (matches(pattern.substr(1), text.substr(digits))) return true;
    }
    return false;
  }
  if (text.empty()) return false;
  const bool ok = pattern[0] == '#' ? std::isdigit(static_cast<unsigned char>(text[0])) != 0
                                    : pattern[0] == text[0];
  return ok && matches(pattern.substr(1), text.substr(1));
}

}  // namespace ringlog::test
