// ringlog::kv(): a key-value field on one log call. The key is a compile-time string kept in the
// call site's metadata; only the value travels in the record, raw, like any other argument.
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>

#include "ringlog/detail/arg_codec.h"

namespace ringlog::detail {

// A kv() key. Only constructible at compile time, so it always names static storage and one
// statement always logs the same keys. Allowed: 1 to 64 characters from [A-Za-z0-9_.-]
// (so text output never needs to quote a key); anything else fails to compile.
class FieldKey {
 public:
  template <std::size_t N>
  consteval FieldKey(const char (&text)[N]) : FieldKey(std::string_view(text, N - 1)) {}
  consteval FieldKey(std::string_view text) : text_(text) {
    if (text.empty() || text.size() > 64) throw "ringlog::kv: a key has 1 to 64 characters";
    for (char c : text) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '.' || c == '-';
      if (!ok) throw "ringlog::kv: a key may only hold letters, digits, '_', '.' and '-'";
    }
  }
  constexpr std::string_view view() const noexcept { return text_; }

 private:
  std::string_view text_;
};

// What kv() returns: the key and the value in its stored form (as a log argument).
template <typename S>
struct KvArg {
  FieldKey key;
  S value;
};

template <typename T>
struct IsKvArg : std::false_type {};
template <typename S>
struct IsKvArg<KvArg<S>> : std::true_type {};
template <typename T>
inline constexpr bool is_kv_arg_v = IsKvArg<std::remove_cvref_t<T>>::value;

// The stored form a log argument puts in the record: a kv() field's value, or the argument.
template <typename T, bool = is_kv_arg_v<T>>
struct RecordValue {
  using type = stored_t<T>;
};
template <typename T>
struct RecordValue<T, true> {
  using type = decltype(std::remove_cvref_t<T>::value);
};
template <typename T>
using record_value_t = typename RecordValue<T>::type;

template <typename T>
inline record_value_t<T> record_value(const T& arg) noexcept {
  if constexpr (is_kv_arg_v<T>) {
    return arg.value;
  } else {
    return to_stored(arg);
  }
}

// Number of arguments before the first kv() field: the ones the format string consumes.
template <typename... Args>
constexpr std::size_t message_arg_count() noexcept {
  constexpr bool kv[] = {is_kv_arg_v<Args>..., false};
  std::size_t n = 0;
  while (n < sizeof...(Args) && !kv[n]) ++n;
  return n;
}

}  // namespace ringlog::detail

namespace ringlog {

// A structured field for one log call: RLOG_INFO(log, "order accepted", ringlog::kv("id", id)).
// kv() arguments follow the message's arguments and are not formatted into the message; sinks
// get them from LogEvent::fields(). `key` must be a compile-time string (see FieldKey). The value
// is an integer, floating-point number, bool, char, enum or string, copied into the record like
// any argument (strings are cut like any argument when the record is too large). Cost: that of
// logging the value as an argument; nothing else on the hot path.
template <typename T>
constexpr detail::KvArg<detail::stored_t<T>> kv(detail::FieldKey key, const T& value) noexcept {
  using S = detail::stored_t<T>;
  static_assert(
      !std::is_same_v<S, const void*> && !detail::is_value_ref_v<S>,
      "ringlog::kv: a field value is a number, bool, char, enum or string (log other types as "
      "message arguments)");
  return {key, detail::to_stored(value)};
}

}  // namespace ringlog
