#include "frontend/level_spec.h"

#include <fmt/format.h>

namespace ringlog::detail {
namespace {

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

// The entry as it can be shown in one line of an error message: printable ASCII as is,
// anything else as \xNN, at most 64 bytes.
std::string shown(std::string_view s) {
  std::string out;
  for (const char c : s.substr(0, 64)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out.push_back(c);
    } else {
      out += fmt::format("\\x{:02x}", u);
    }
  }
  if (s.size() > 64) out += "...";
  return out;
}

bool valid_name(std::string_view name) {
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '=') return false;
  }
  return !name.empty();
}

constexpr std::string_view kLevels = "trace, debug, info, warn, error, critical, off";

}  // namespace

LevelSpec parse_level_spec(std::string_view text) {
  LevelSpec spec;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t comma = std::min(text.find(',', begin), text.size());
    const std::string_view entry = trim(text.substr(begin, comma - begin));
    begin = comma + 1;
    if (entry.empty()) continue;
    const std::size_t eq = entry.find('=');
    const std::string_view level_text = trim(eq == entry.npos ? entry : entry.substr(eq + 1));
    const std::optional<Level> level = parse_level(level_text);
    if (!level) {
      spec.problems.push_back(fmt::format("unknown level '{}' in '{}' (levels: {}); ignored",
                                          shown(level_text), shown(entry), kLevels));
      continue;
    }
    if (eq == entry.npos) {
      spec.others = level;
      continue;
    }
    const std::string_view name = trim(entry.substr(0, eq));
    if (!valid_name(name)) {
      spec.problems.push_back(
          fmt::format("no logger name before '=' or a control character in it, in '{}'; ignored",
                      shown(entry)));
      continue;
    }
    spec.named.emplace_back(std::string(name), *level);
  }
  return spec;
}

}  // namespace ringlog::detail
