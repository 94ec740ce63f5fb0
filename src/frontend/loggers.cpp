// The logger registry and level names.
#include <array>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "frontend/level_spec.h"
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
  // Levels set by a level spec (set_levels(), RINGLOG_LEVEL), also for loggers created later.
  std::optional<Level> others_level;                    // from the last spec with a bare level
  std::unordered_map<std::string, Level> named_levels;  // NAME=LEVEL entries
};

// The logger ringlog reports its own problems through (drops, crashes): a bare level in a spec
// does not silence it; only an entry naming it does.
constexpr std::string_view kOwnLogger = "ringlog";

// The level a logger named `name` starts at. Caller holds r.mutex.
Level initial_level(const LoggerRegistry& r, std::string_view name) {
  if (const auto it = r.named_levels.find(std::string(name)); it != r.named_levels.end()) {
    return it->second;
  }
  if (r.others_level && name != kOwnLogger) return *r.others_level;
  return detail::runtime().config.default_level;
}

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
  Logger& created = r.loggers.emplace_back(std::string(name), id, initial_level(r, name));
  r.by_name.emplace(created.name(), &created);
  return created;
}

bool set_levels(std::string_view spec) {
  const detail::LevelSpec parsed = detail::parse_level_spec(spec);
  for (const std::string& problem : parsed.problems) {
    detail::report_error("set_levels(): " + problem);
  }
  detail::apply_level_spec(parsed);
  return parsed.problems.empty();
}

namespace detail {

void apply_level_spec(const LevelSpec& spec) {
  LoggerRegistry& r = logger_registry();
  std::lock_guard lock(r.mutex);
  if (spec.others) {
    // A bare level restates the whole policy: earlier NAME=LEVEL entries are forgotten.
    r.others_level = spec.others;
    r.named_levels.clear();
    for (Logger& logger : r.loggers) {
      if (logger.name() != kOwnLogger) logger.set_level(*spec.others);
    }
  }
  for (const auto& [name, level] : spec.named) {
    r.named_levels[name] = level;
    if (const auto it = r.by_name.find(name); it != r.by_name.end()) it->second->set_level(level);
  }
}

void apply_level_environment() {
  const char* text = std::getenv("RINGLOG_LEVEL");
  if (text == nullptr) return;
  const LevelSpec parsed = parse_level_spec(text);
  for (const std::string& problem : parsed.problems) report_error("RINGLOG_LEVEL: " + problem);
  apply_level_spec(parsed);
}

}  // namespace detail

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
  struct Name {
    std::string_view text;
    Level level;
  };
  static constexpr Name kNames[] = {{"trace", Level::trace},   {"debug", Level::debug},
                                    {"info", Level::info},     {"warn", Level::warn},
                                    {"warning", Level::warn},  {"error", Level::error},
                                    {"err", Level::error},     {"critical", Level::critical},
                                    {"crit", Level::critical}, {"off", Level::off}};
  const auto same = [](std::string_view a, std::string_view lower) {
    if (a.size() != lower.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(a[i])) != lower[i]) return false;
    }
    return true;
  };
  for (const Name& name : kNames) {
    if (same(text, name.text)) return name.level;
  }
  return std::nullopt;
}

}  // namespace ringlog
