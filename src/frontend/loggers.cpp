// The logger registry and level names.
#include <array>
#include <cctype>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "frontend/registries.h"
#include "ringlog/logger.h"
#include "runtime/runtime.h"

namespace ringlog {
namespace {

struct LoggerRegistry {
  std::mutex mutex;
  std::deque<Logger> loggers;  // a deque never moves its elements: references stay valid
  // Keys view each logger's own name: it lives as long as the logger, which never moves.
  std::unordered_map<std::string_view, Logger*> by_name;
};

LoggerRegistry& logger_registry() {
  static LoggerRegistry* const r = new LoggerRegistry;  // leaked: loggers outlive statics
  return *r;
}

}  // namespace

namespace detail {
std::mutex& logger_registry_mutex() noexcept {
  return logger_registry().mutex;
}
}  // namespace detail

Logger::Logger(std::string name, std::uint32_t id, Level level)
    : name_(std::move(name)), id_(id), level_(level) {}

Logger& get_logger(std::string_view name) {
  LoggerRegistry& r = logger_registry();
  std::lock_guard lock(r.mutex);
  if (const auto it = r.by_name.find(name); it != r.by_name.end()) return *it->second;
  const auto id = static_cast<std::uint32_t>(r.loggers.size() + 1);  // 0 means "none"
  Logger& created =
      r.loggers.emplace_back(std::string(name), id, detail::runtime().config.default_level);
  r.by_name.emplace(created.name(), &created);
  return created;
}

Logger& default_logger() {
  static Logger& root = get_logger("root");
  return root;
}

std::string_view level_name(Level level) noexcept {
  static constexpr std::array<std::string_view, 7> kNames = {"TRACE", "DEBUG", "INFO ", "WARN ",
                                                             "ERROR", "CRIT ", "OFF  "};
  const auto i = static_cast<std::size_t>(level);
  return i < kNames.size() ? kNames[i] : std::string_view{"?????"};
}

std::optional<Level> parse_level(std::string_view text) noexcept {
  std::string lower;
  for (char c : text)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "trace") return Level::trace;
  if (lower == "debug") return Level::debug;
  if (lower == "info") return Level::info;
  if (lower == "warn" || lower == "warning") return Level::warn;
  if (lower == "error" || lower == "err") return Level::error;
  if (lower == "critical" || lower == "crit") return Level::critical;
  if (lower == "off") return Level::off;
  return std::nullopt;
}

}  // namespace ringlog
