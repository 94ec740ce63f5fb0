// Type codes: how a call site describes the type of each argument to the backend and to a
// decoder that does not have the program's code. A scalar or string is its one kind byte
// (detail/arg_kinds.h); a composite kind is followed by its parameters, in prefix order:
//
//   kSequence  flavour(u8: 0 list [..], 1 set {..}, 2 map {k: v}) element-type
//   kTuple     n(u8) type×n
//   kOptional  type
//   kVariant   n(u8) type×n
//   kStruct    name n(u8) (name type)×n
//   kEnum      name integer-kind(u8) n(u16) (value(8 bytes, little-endian) name)×n
//   kDuration  num(8 bytes) den(8 bytes) rep-kind(u8)
//   kTimePoint duration-type                      (std::chrono::system_clock only)
//   kMonostate kPath kErrorCode kHex              (no parameters)
//   kFormatted size(u32) formatter-index(u8)      (process-local, never written to a file)
//
// where a name is u8 length + bytes. Codes are built at compile time (constexpr arrays), so a
// call site's whole signature is one static byte string. The same grammar is in
// docs/binary-format.md; the backend's reader is src/values/value_walk.h.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ringlog/detail/arg_kinds.h"

namespace ringlog::detail {

template <std::size_t N>
using Code = std::array<std::uint8_t, N>;

enum class SequenceFlavour : std::uint8_t { list = 0, set = 1, map = 2 };

// A kFormatted type code is its kind, a u32 size and the formatter's index (the last byte).
inline constexpr std::size_t kFormattedCodeSize = 6;

// Deepest nesting of composite types a type code may have (deeper ones do not compile, and a
// decoder refuses them: hostile input cannot exhaust the stack).
inline constexpr int kMaxTypeDepth = 16;

template <std::size_t... N>
constexpr Code<(N + ... + 0)> concat_code(const Code<N>&... parts) noexcept {
  Code<(N + ... + 0)> out{};
  std::size_t at = 0;
  const auto put = [&](const auto& part) {
    for (std::uint8_t b : part) out[at++] = b;
  };
  (put(parts), ...);
  return out;
}

constexpr Code<1> code_byte(std::uint8_t b) noexcept {
  return {b};
}
constexpr Code<1> code_kind(ArgType k) noexcept {
  return {static_cast<std::uint8_t>(k)};
}

template <typename U>
constexpr Code<sizeof(U)> code_le(U v) noexcept {
  Code<sizeof(U)> out{};
  for (std::size_t i = 0; i < sizeof(U); ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return out;
}

// A name as u8 length + bytes; N is the name's length (names longer than 255 do not compile).
template <std::size_t N>
constexpr Code<N + 1> code_name(std::string_view name) noexcept {
  static_assert(N <= 255, "ringlog: a type, field or enumerator name is at most 255 characters");
  Code<N + 1> out{};
  out[0] = static_cast<std::uint8_t>(N);
  for (std::size_t i = 0; i < N; ++i) out[i + 1] = static_cast<std::uint8_t>(name[i]);
  return out;
}

// Splits "a, b,c" (a macro's stringised argument list) into N trimmed names.
template <std::size_t N>
constexpr std::array<std::string_view, N> split_names(std::string_view list) noexcept {
  std::array<std::string_view, N> names{};
  std::size_t at = 0;
  for (std::size_t i = 0; i < N; ++i) {
    while (at < list.size() && (list[at] == ' ' || list[at] == ',')) ++at;
    std::size_t end = at;
    while (end < list.size() && list[end] != ',' && list[end] != ' ') ++end;
    names[i] = list.substr(at, end - at);
    at = end;
  }
  return names;
}

}  // namespace ringlog::detail
