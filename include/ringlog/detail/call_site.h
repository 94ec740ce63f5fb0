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
  // The arguments' type code (detail/type_code.h): the message's arguments (arg_count types in
  // message_code_size bytes), then one kind byte per kv() field value (field_count more).
  const std::uint8_t* type_code;
  std::uint32_t arg_count;          // the message's arguments only
  const CallSite* next_for_source;  // other loggers seen at the same statement
  // Keys of the statement's kv() fields, in call order; their values follow the message's
  // arguments in each record, typed by type_code[message_code_size + i].
  const std::string_view* field_keys = nullptr;
  std::uint32_t field_count = 0;
  std::uint32_t message_code_size = 0;
  // The formatters of kFormatted values, by their index in the type code. Null in call sites a
  // decoder rebuilt from a file (files never hold kFormatted values).
  const RawFormatter* formatters = nullptr;

  void set_signature(const struct ArgSignature& s) noexcept;

  // The message arguments' type code, and the whole one (message arguments, then fields).
  std::span<const std::uint8_t> message_code() const noexcept {
    return {type_code, message_code_size};
  }
  std::span<const std::uint8_t> full_code() const noexcept {
    return {type_code, message_code_size + field_count};
  }
};

// A call site's argument signature as the macro knows it at compile time.
struct ArgSignature {
  const std::uint8_t* code;
  std::uint32_t message_code_size;  // bytes of `code` for the message's arguments
  std::uint32_t arg_count;          // the message's arguments
  const RawFormatter* formatters;
};

inline void CallSite::set_signature(const ArgSignature& s) noexcept {
  type_code = s.code;
  arg_count = s.arg_count;
  message_code_size = s.message_code_size;
  formatters = s.formatters;
}

// Per-statement cache in static storage: the ID registered for the logger last used there.
struct SiteSlot {
  // slot_value(logger id, call-site id); 0 = nothing registered yet (logger ids start at 1).
  std::atomic<std::uint64_t> cached{0};
  const CallSite* chain = nullptr;  // guarded by the registry mutex
};

// The call-site ID in the high half, where a RecordHeader's first word has it: the hot path
// compares the low half with the logger and turns the value into that word with a subtract and
// an add (see try_emit()).
constexpr std::uint64_t slot_value(std::uint32_t logger_id, std::uint32_t site_id) noexcept {
  return (std::uint64_t{site_id} << 32) | logger_id;
}
constexpr std::uint32_t slot_logger_id(std::uint64_t value) noexcept {
  return static_cast<std::uint32_t>(value);
}
constexpr std::uint32_t slot_site_id(std::uint64_t value) noexcept {
  return static_cast<std::uint32_t>(value >> 32);
}

// Slow path, once per (statement, logger): registers and returns the call-site ID.
// `field_keys` (copied) name the kv() fields whose kinds follow the message's in the code.
std::uint32_t register_call_site(SiteSlot& slot, const SourceSite& source, const Logger& logger,
                                 std::string_view format, const ArgSignature& signature,
                                 std::span<const std::string_view> field_keys = {});

// The call site with this ID, or nullptr when no such ID was registered.
const CallSite* find_call_site(std::uint32_t id) noexcept;

// Number of registered call sites (IDs are 0 .. count-1).
std::uint32_t call_site_count() noexcept;

}  // namespace ringlog::detail
