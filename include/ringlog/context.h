// Context that follows the work: fields attached to every record a thread logs while a scope
// lives, and captured / restored across thread hand-offs and coroutine hops.
//
//   ringlog::Context ctx{{"order_id", id}, {"venue", "XNAS"}};   // this thread, this scope
//   RLOG_INFO(log, "accepted");                                  // ... order_id=42 venue=XNAS
//   auto snap = ringlog::capture_context();                      // a value: copy it anywhere
//   pool.post([snap] { ringlog::Context restore{snap}; RLOG_INFO(log, "priced"); });
//   RLOG_INFO(log, "filled", ringlog::kv("qty", qty));           // one call's own field
//
// Cost: creating or leaving a Context copies its fields into a thread-local buffer and sends the
// thread's whole context to the backend as one control record through the thread's ring. Log
// calls themselves do nothing extra: the backend attaches the context to each record.
// Nothing here allocates once the thread's ring exists (see ringlog::preallocate()).
//
// Limits: a thread's context holds at most kContextMaxFields entries in kContextMaxBytes bytes
// (each entry: key + value + 3 bytes; numbers take 8 bytes). Keys longer than kContextMaxKey and
// strings longer than kContextMaxString bytes are cut, the string ending in "...". A field that
// does not fit at all is left out, and the scope that lost fields shows
// `ctx_dropped=<number of fields left out>` instead: never silently, never undefined behaviour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <type_traits>

#include "ringlog/detail/kv.h"
#include "ringlog/field.h"

namespace ringlog {
namespace detail {
struct ContextAccess;
}  // namespace detail

inline constexpr std::size_t kContextMaxBytes = 256;
inline constexpr std::size_t kContextMaxFields = 16;
inline constexpr std::size_t kContextMaxKey = 32;
inline constexpr std::size_t kContextMaxString = 64;

// One key and value for a Context: {"order_id", 42}, {"venue", "XNAS"}, {"px", 101.25}. Values:
// integers, enums, floating-point numbers, bool, char, strings. Both key and value are copied
// by the Context, so temporaries are fine.
struct ContextField {
  template <typename T>
  ContextField(std::string_view field_key, const T& field_value) noexcept
      : key(field_key), value(to_value(field_value)) {}

  std::string_view key;
  FieldValue value;

 private:
  template <typename T>
  static FieldValue to_value(const T& v) noexcept {
    using S = detail::stored_t<T>;
    static_assert(!std::is_same_v<S, const void*>,
                  "ringlog::Context: a value is a number, bool, char, enum or string");
    const S s = detail::to_stored(v);
    if constexpr (std::is_same_v<S, std::string_view>) {
      return FieldValue(std::in_place_type<std::string_view>, s);
    } else if constexpr (std::is_same_v<S, bool>) {
      return FieldValue(std::in_place_type<bool>, s);
    } else if constexpr (std::is_same_v<std::remove_cv_t<T>, char>) {
      return FieldValue(std::in_place_type<std::string_view>, std::string_view(&v, 1));
    } else if constexpr (std::is_floating_point_v<S>) {
      return FieldValue(std::in_place_type<double>, static_cast<double>(s));
    } else if constexpr (std::is_signed_v<S>) {
      return FieldValue(std::in_place_type<std::int64_t>, s);
    } else {
      return FieldValue(std::in_place_type<std::uint64_t>, s);
    }
  }
};

// A copy of a thread's whole context: a fixed-size value (about kContextMaxBytes bytes), cheap
// to copy into a task or a coroutine frame, valid on any thread. Made by capture_context().
class ContextSnapshot {
 public:
  ContextSnapshot() noexcept = default;  // an empty context
  // Number of entries (fields, including ones an inner scope overrides).
  std::size_t entries() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }

 private:
  friend struct detail::ContextAccess;
  std::uint16_t size_ = 0;  // bytes of bytes_ in use
  std::uint8_t count_ = 0;  // entries in bytes_
  std::byte bytes_[kContextMaxBytes]{};
};

// RAII scope: while it lives, every record logged by this thread carries its fields after the
// fields of enclosing scopes; a key that an enclosing scope also set takes this scope's value.
// Scopes must end in reverse order of creation on their thread (as locals do). Neither copyable
// nor movable. Thread-safe in the sense that it only touches the calling thread's state.
class Context {
 public:
  Context(std::initializer_list<ContextField> fields) noexcept;
  // Pushes the fields of a snapshot (from another thread, a task, a coroutine) as a new scope.
  explicit Context(const ContextSnapshot& snapshot) noexcept;
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

 private:
  std::uint16_t mark_size_;  // the thread's context size before this scope
  std::uint8_t mark_count_;
};

// The calling thread's whole context, as a value. No allocation; copies at most
// kContextMaxBytes bytes.
ContextSnapshot capture_context() noexcept;

// Makes `next` the calling thread's whole context (not a new scope) and returns the previous
// one. For schedulers and coroutine task types that run several tasks on one thread: swap the
// task's context in when resuming it, and back out when it suspends. A Context scope that was
// open when its task was swapped out must be closed while that task's context is swapped in.
ContextSnapshot exchange_context(const ContextSnapshot& next) noexcept;

}  // namespace ringlog
