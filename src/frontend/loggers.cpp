// The logger registry and level names.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "frontend/level_spec.h"
#include "frontend/registries.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/logger.h"
#include "ringlog/ringlog.h"
#include "runtime/runtime.h"
#include "runtime/sink_calls.h"

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

// Caller holds r.mutex and has checked that `name` is free.
Logger& create_logger(LoggerRegistry& r, std::string_view name) {
  const auto id = static_cast<std::uint32_t>(r.loggers.size() + 1);  // 0 means "none"
  Logger& created = r.loggers.emplace_back(std::string(name), id, initial_level(r, name));
  r.by_name.emplace(created.name(), &created);
  return created;
}

// Opens the sinks of a logger created while ringlog runs, skipping those already open (in a
// route) or listed twice; on a throw closes what it opened and rethrows. Caller holds the
// sinks' lock.
void open_new_sinks(detail::SinkSet& set, const std::vector<SinkPtr>& sinks) {
  std::vector<Sink*> opened;
  try {
    for (const SinkPtr& s : sinks) {
      if (set.routes.in_use(s.get())) continue;
      if (std::find(opened.begin(), opened.end(), s.get()) != opened.end()) continue;
      s->open(set.context);
      opened.push_back(s.get());
    }
  } catch (...) {
    for (Sink* s : opened) {
      try {
        s->close();
      } catch (...) {
        // The open error is the one worth reporting.
      }
    }
    throw;
  }
}

// Flushes and closes sinks no logger uses any more. Caller holds the sinks' lock.
void close_unused_sinks(detail::SinkSet& set, const std::vector<SinkPtr>& sinks) {
  for (const SinkPtr& s : sinks) {
    detail::guarded_sink_call(set.faults, *s, 0, detail::SinkFaults::Call::flush,
                              [&] { s->flush(); });
    try {
      s->close();
    } catch (const std::exception& e) {
      set.context.report(std::string("a removed logger's sink threw from close(): ") + e.what());
    } catch (...) {
      set.context.report("a removed logger's sink threw from close()");
    }
  }
}

}  // namespace

namespace detail {
std::mutex& logger_registry_mutex() noexcept {
  return logger_registry().mutex;
}
}  // namespace detail

Logger::Logger(std::string name, std::uint32_t id, Level level)
    : name_(std::move(name)), id_(id), threshold_(level), level_(level) {}

void Logger::set_level(Level level) noexcept {
  std::lock_guard lock(settings_mutex_);
  level_.store(level, std::memory_order_relaxed);
  update_threshold();
}

void Logger::update_threshold() noexcept {
  // Relaxed, like the load in should_log(): a call racing with a switch sees either threshold.
  // The lock orders the writers among themselves.
  threshold_.store(backtrace_on_ ? Level::trace : level_.load(std::memory_order_relaxed),
                   std::memory_order_relaxed);
}

void Logger::enable_backtrace(std::size_t capacity, Level trigger_level) {
  std::lock_guard lock(settings_mutex_);
  // The switch first, then the threshold: a record let through by the new threshold is stamped
  // after the switch, so the backend meets the switch first.
  send_backtrace_switch(capacity, trigger_level);
  backtrace_on_ = capacity != 0;
  update_threshold();
}

void Logger::disable_backtrace() {
  std::lock_guard lock(settings_mutex_);
  if (!backtrace_on_) return;  // the backend keeps nothing for this logger
  // The threshold first: records it now filters are not sent at all.
  backtrace_on_ = false;
  update_threshold();
  send_backtrace_switch(0, Level::off);
}

namespace {

// Sends a control record about a logger through this thread's ring (like set_thread_name()), so
// the backend acts on it in order with the records around it.
template <typename... Args>
void send_logger_control(std::uint32_t tag, const Args&... args) {
  using namespace detail;
  ThreadRing* tr = t_ring != nullptr ? t_ring : create_thread_ring();
  const std::size_t size = record_size(args...);
  const std::size_t bytes = align_record(size);
  std::byte* p = tr->ring.reserve(bytes);
  if (p == nullptr) p = reserve_slow(*tr, bytes);
  if (p == nullptr) return;  // dropped (and counted) like a record: no backend to free space
  write_record(p, size, tag, read_ticks(), args...);
  tr->ring.commit(bytes);
}

}  // namespace

void Logger::send_backtrace_switch(std::size_t capacity, Level trigger_level) const {
  send_logger_control(detail::kControlBacktrace, reinterpret_cast<std::uintptr_t>(this),
                      static_cast<std::uint64_t>(capacity),
                      static_cast<std::uint8_t>(trigger_level));
}

void Logger::dump_backtrace() const {
  send_logger_control(detail::kControlDumpBacktrace, reinterpret_cast<std::uintptr_t>(this));
}

Logger& get_logger(std::string_view name) {
  LoggerRegistry& r = logger_registry();
  std::lock_guard lock(r.mutex);
  if (const auto it = r.by_name.find(name); it != r.by_name.end()) return *it->second;
  return create_logger(r, name);
}

Logger& get_logger(std::string_view name, std::vector<SinkPtr> sinks, SinkRouting routing) {
  for (const SinkPtr& s : sinks) {
    if (!s) {
      throw std::invalid_argument("ringlog: get_logger(\"" + std::string(name) +
                                  "\", sinks) was given a null sink");
    }
  }
  const bool with_global = routing == SinkRouting::own_and_global;
  detail::SinkSet& set = detail::runtime().sinks;
  // The sinks' lock before the registry's: the order start() and the backend take them in.
  std::lock_guard sinks_lock(set.mutex);
  LoggerRegistry& r = logger_registry();
  std::lock_guard lock(r.mutex);
  if (const auto it = r.by_name.find(name); it != r.by_name.end()) {
    if (set.routes.same_route(it->second->id(), sinks, with_global)) return *it->second;
    throw std::logic_error("ringlog: get_logger(\"" + std::string(name) +
                           "\", sinks): a logger of this name exists with other sinks; a "
                           "logger's sinks are chosen when it is created (remove_logger() first)");
  }
  if (set.open) open_new_sinks(set, sinks);
  Logger& created = create_logger(r, name);
  set.routes.add(created.id(), std::move(sinks), with_global);
  return created;
}

bool remove_logger(std::string_view name) {
  if (name == kOwnLogger || name == "root") {
    throw std::invalid_argument("ringlog: remove_logger(\"" + std::string(name) +
                                "\"): ringlog's own loggers cannot be removed");
  }
  LoggerRegistry& r = logger_registry();
  Logger* logger = nullptr;
  {
    std::lock_guard lock(r.mutex);
    const auto it = r.by_name.find(name);
    if (it == r.by_name.end()) return false;
    logger = it->second;
    r.by_name.erase(it);
  }
  logger->set_level(Level::off);
  logger->disable_backtrace();
  ringlog::flush();  // what was logged on it before is written (while a backend runs)
  detail::SinkSet& set = detail::runtime().sinks;
  std::lock_guard sinks_lock(set.mutex);
  const std::vector<SinkPtr> unused = set.routes.remove(logger->id());
  if (set.open) close_unused_sinks(set, unused);
  return true;
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
