// How a log call's arguments become raw bytes in the ring.
//
// Each argument is first mapped to its *stored* form (plain enums to their underlying integer,
// every string kind to std::string_view, every other pointer to const void*, anything else to a
// ValueRef view of the caller's value). The stored forms are what fmt checks the format string
// against and what the call site's type code describes, so a record can be formatted later, in
// another thread or another process, from its bytes and the type code alone.
// Encoding: fixed-size values as their native bytes, strings as a u32 length then the bytes,
// composite values as detail/value_encode.h lays them out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "ringlog/detail/always_inline.h"
#include "ringlog/detail/arg_kinds.h"
#include "ringlog/detail/short_copy.h"
#include "ringlog/detail/value_encode.h"

namespace ringlog::detail {

// Every type that is not a scalar or string travels as a view of the caller's value, copied by
// detail/value_encode.h; check_loggable() explains, at compile time, a type that cannot.
template <typename T, typename = void>
struct StoredArg {
  static_assert((check_loggable<T>(), true));
  using type = ValueRef<T>;
};

template <typename T>
struct StoredArg<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  using type = T;
};
template <typename T>
struct StoredArg<T, std::enable_if_t<std::is_enum_v<T> && !DescribedEnum<T>>> {
  using type = std::underlying_type_t<T>;
};
template <>
struct StoredArg<const char*> {
  using type = std::string_view;
};
template <>
struct StoredArg<char*> {
  using type = std::string_view;
};
template <std::size_t N>
struct StoredArg<char[N]> {
  using type = std::string_view;
};
template <std::size_t N>
struct StoredArg<const char[N]> {
  using type = std::string_view;
};
template <typename Traits, typename Alloc>
struct StoredArg<std::basic_string<char, Traits, Alloc>> {
  using type = std::string_view;
};
template <typename Traits>
struct StoredArg<std::basic_string_view<char, Traits>> {
  using type = std::string_view;
};
template <typename T>
struct StoredArg<T*, std::enable_if_t<!std::is_same_v<std::remove_cv_t<T>, char>>> {
  using type = const void*;
};
template <>
struct StoredArg<std::nullptr_t> {
  using type = const void*;
};

template <typename T>
using stored_t = typename StoredArg<std::remove_cvref_t<T>>::type;

// Converts an argument to its stored form; strings are measured here, once.
template <typename T>
RINGLOG_ALWAYS_INLINE stored_t<T> to_stored(const T& v) noexcept {
  using S = stored_t<T>;
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<S, std::string_view>) {
    if constexpr (std::is_pointer_v<U>) {
      return v ? std::string_view{v} : std::string_view{"(null)"};
    } else if constexpr (std::is_array_v<U>) {
      // A char array may be a buffer that is not full: stop at its first NUL, never past it.
      return std::string_view{v, ::strnlen(v, std::extent_v<U>)};
    } else {
      return std::string_view{v.data(), v.size()};
    }
  } else if constexpr (std::is_same_v<S, const void*>) {
    return static_cast<const void*>(v);
  } else if constexpr (std::is_same_v<S, ValueRef<U>>) {
    return S{&v};
  } else {
    return static_cast<S>(v);
  }
}

template <typename S>
inline constexpr bool is_value_ref_v = false;
template <typename T>
inline constexpr bool is_value_ref_v<ValueRef<T>> = true;

// The value a stored argument stands for: the caller's value behind a ValueRef, else itself.
template <typename S>
RINGLOG_ALWAYS_INLINE const auto& stored_value(const S& v) noexcept {
  if constexpr (is_value_ref_v<S>) {
    return *v.value;
  } else {
    return v;
  }
}

// The type a stored argument stands for: the caller's type behind a ValueRef, else itself. Type
// codes and formatter tables are those of this type (a scalar or string_view is its own kind).
template <typename S>
using stored_value_t = std::remove_cvref_t<decltype(stored_value(std::declval<const S&>()))>;

template <typename S>
constexpr std::size_t stored_size(const S& v) noexcept {
  if constexpr (std::is_same_v<S, std::string_view>)
    return sizeof(StringLength) + v.size();
  else if constexpr (is_value_ref_v<S>)
    return value_size(*v.value);
  else
    return sizeof(S);
}

// Writes one stored argument at `out` and returns the byte after it.
template <typename S>
RINGLOG_ALWAYS_INLINE std::byte* encode_arg(std::byte* out, const S& v) noexcept {
  if constexpr (is_value_ref_v<S>) {
    return put_value(out, *v.value);
  } else if constexpr (std::is_same_v<S, std::string_view>) {
    const std::size_t size = v.size();
    const auto n = static_cast<StringLength>(size);
    std::memcpy(out, &n, sizeof n);
    copy_string_bytes(out + sizeof n, v.data(), size);  // no libc call up to 64 bytes
    return out + sizeof n + size;
  } else {
    std::memcpy(out, &v, sizeof v);
    return out + sizeof v;
  }
}

}  // namespace ringlog::detail
