// How a log call's arguments become raw bytes in the ring.
//
// Each argument is first mapped to its *stored* form (enums to their underlying integer, every
// string kind to std::string_view, every other pointer to const void*). The stored forms are what
// fmt checks the format string against and what the backend decodes, so a record can be formatted
// later, in another thread or another process, from its bytes and a type signature alone.
// Encoding: fixed-size values as their native bytes, strings as a u32 length then the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "ringlog/detail/arg_kinds.h"

// The hot path's pieces are forced inline so a log call compiles to straight-line code.
#if defined(__GNUC__) || defined(__clang__)
#define RINGLOG_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#define RINGLOG_ALWAYS_INLINE inline
#endif

namespace ringlog::detail {

template <typename T, typename = void>
struct StoredArg {
  static_assert(sizeof(T) == 0,
                "ringlog: unsupported argument type; log integers, floats, bool, char, enums, "
                "pointers or strings (format other types to a string first)");
};

template <typename T>
struct StoredArg<T, std::enable_if_t<std::is_arithmetic_v<T>>> {
  using type = T;
};
template <typename T>
struct StoredArg<T, std::enable_if_t<std::is_enum_v<T>>> {
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

template <typename S>
constexpr ArgType arg_type_of() noexcept {
  if constexpr (std::is_same_v<S, bool>)
    return ArgType::kBool;
  else if constexpr (std::is_same_v<S, char>)
    return ArgType::kChar;
  else if constexpr (std::is_same_v<S, std::string_view>)
    return ArgType::kString;
  else if constexpr (std::is_same_v<S, const void*>)
    return ArgType::kPointer;
  else if constexpr (std::is_same_v<S, float>)
    return ArgType::kF32;
  else if constexpr (std::is_same_v<S, double>)
    return ArgType::kF64;
  else if constexpr (std::is_same_v<S, long double>)
    return ArgType::kLongDouble;
  else if constexpr (std::is_integral_v<S>) {
    constexpr bool s = std::is_signed_v<S>;
    if constexpr (sizeof(S) == 1)
      return s ? ArgType::kI8 : ArgType::kU8;
    else if constexpr (sizeof(S) == 2)
      return s ? ArgType::kI16 : ArgType::kU16;
    else if constexpr (sizeof(S) == 4)
      return s ? ArgType::kI32 : ArgType::kU32;
    else {
      static_assert(sizeof(S) == 8, "ringlog: 128-bit integers are not supported");
      return s ? ArgType::kI64 : ArgType::kU64;
    }
  } else {
    static_assert(sizeof(S) == 0, "ringlog: no ArgType for this stored type");
  }
}

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
  } else {
    return static_cast<S>(v);
  }
}

template <typename S>
constexpr std::size_t stored_size(const S& v) noexcept {
  if constexpr (std::is_same_v<S, std::string_view>)
    return sizeof(StringLength) + v.size();
  else
    return sizeof(S);
}

// Writes one stored argument at `out` and returns the byte after it. `str_limit` caps a string's
// payload (the caller has already sized the record accordingly).
template <typename S>
RINGLOG_ALWAYS_INLINE std::byte* encode_arg(std::byte* out, const S& v) noexcept {
  if constexpr (std::is_same_v<S, std::string_view>) {
    const auto n = static_cast<StringLength>(v.size());
    std::memcpy(out, &n, sizeof n);
    std::memcpy(out + sizeof n, v.data(), v.size());
    return out + sizeof n + v.size();
  } else {
    std::memcpy(out, &v, sizeof v);
    return out + sizeof v;
  }
}

}  // namespace ringlog::detail
