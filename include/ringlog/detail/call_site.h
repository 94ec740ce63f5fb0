// Static metadata of one log statement, registered once and referred to by a 32-bit ID.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string_view>

#include "ringlog/detail/arg_codec.h"
#include "ringlog/level.h"

namespace ringlog {
class Logger;
}

namespace ringlog::detail {

// What the macro knows at compile time about the statement.
struct SourceSite {
  const char* file;
  const char* function;
  std::uint32_t line;
  Level level;
};

// A registered call site: the source site bound to one logger, plus the argument signature.
// Lives until the process exits; its address and ID never change.
struct CallSite {
  std::uint32_t id;
  Level level;
  std::uint32_t line;
  const Logger* logger;
  std::string_view logger_name;
  std::string_view file;  // path as given by __FILE__
  std::string_view function;
  std::string_view format;
  // The message's argument types, then those of the kv() field values (field_count more).
  const ArgType* arg_types;
  std::uint32_t arg_count;          // the message's arguments only
  const CallSite* next_for_source;  // other loggers seen at the same statement
  // Keys of the statement's kv() fields, in call order; their values follow the message's
  // arguments in each record, typed by arg_types[arg_count + i].
  const std::string_view* field_keys = nullptr;
  std::uint32_t field_count = 0;
};

// Per-statement cache in static storage: the ID registered for the logger last used there.
struct SiteSlot {
  // (logger id << 32) | call-site id; 0 = nothing registered yet (logger ids start at 1).
  std::atomic<std::uint64_t> cached{0};
  const CallSite* chain = nullptr;  // guarded by the registry mutex
};

// Slow path, once per (statement, logger): registers and returns the call-site ID.
// `field_keys` (copied) name the kv() fields whose types follow the message's in `arg_types`.
std::uint32_t register_call_site(SiteSlot& slot, const SourceSite& source, const Logger& logger,
                                 std::string_view format, const ArgType* arg_types,
                                 std::uint32_t arg_count,
                                 std::span<const std::string_view> field_keys = {});

// The call site with this ID, or nullptr when no such ID was registered.
const CallSite* find_call_site(std::uint32_t id) noexcept;

// Number of registered call sites (IDs are 0 .. count-1).
std::uint32_t call_site_count() noexcept;

}  // namespace ringlog::detail
