// The one table of argument kinds: each kind's byte value (part of the binary log format), its
// C++ type and width, and visit_arg(), which hands a consumer the typed value of one encoded
// argument. Every place that needs to know what a kind is goes through this file, so adding a
// scalar kind is one line here (plus docs/binary-format.md).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>

namespace ringlog::detail {

// X(name, byte value, C++ type) for every fixed-size kind. Widths are the native sizeof.
#define RINGLOG_SCALAR_KINDS(X)   \
  X(kBool, 1, bool)               \
  X(kChar, 2, char)               \
  X(kI8, 3, signed char)          \
  X(kU8, 4, unsigned char)        \
  X(kI16, 5, std::int16_t)        \
  X(kU16, 6, std::uint16_t)       \
  X(kI32, 7, std::int32_t)        \
  X(kU32, 8, std::uint32_t)       \
  X(kI64, 9, long long)           \
  X(kU64, 10, unsigned long long) \
  X(kF32, 11, float)              \
  X(kF64, 12, double)             \
  X(kLongDouble, 13, long double) \
  X(kPointer, 15, const void*)

// One byte per kind. Scalars and kString are whole types; the composite kinds (16 and up) are
// followed in a type code by their parameters (see detail/type_code.h).
enum class ArgType : std::uint8_t {
#define RINGLOG_KIND_ENUM(name, value, type) name = value,
  RINGLOG_SCALAR_KINDS(RINGLOG_KIND_ENUM)
#undef RINGLOG_KIND_ENUM
      kString = 14,  // u32 length, then the bytes
  kSequence = 16,
  kTuple = 17,
  kOptional = 18,
  kVariant = 19,
  kStruct = 20,
  kEnum = 21,
  kDuration = 22,
  kTimePoint = 23,
  kMonostate = 24,
  kPath = 25,
  kErrorCode = 26,
  kHex = 27,
  kFormatted = 28,  // process-local: a user type formatted by its fmt::formatter
};

// The length prefix of a string argument.
using StringLength = std::uint32_t;

// What the backend and the codec need to know of a scalar kind.
struct ScalarInfo {
  std::uint8_t width;  // native bytes; 0 = not a scalar kind
  bool is_integer;     // integers and pointers (bool and char are not)
  bool is_signed;
  bool is_float;  // float and double (long double has its own coding)
};

// The switch behind scalar_info(); use that (a table lookup, not a call per argument).
constexpr ScalarInfo scalar_info_switch(ArgType kind) noexcept {
  switch (kind) {
#define RINGLOG_KIND_INFO(name, value, type)                                           \
  case ArgType::name:                                                                  \
    return {sizeof(type),                                                              \
            (std::is_integral_v<type> && sizeof(type) > 1) || std::is_pointer_v<type>, \
            std::is_signed_v<type>, std::is_same_v<type, float> || std::is_same_v<type, double>};
    RINGLOG_SCALAR_KINDS(RINGLOG_KIND_INFO)
#undef RINGLOG_KIND_INFO
    default:
      return {0, false, false, false};
  }
}

// Every byte value's ScalarInfo: the backend asks once per argument of every record, and GCC
// keeps the switch above out of line (a call and a jump table each time).
inline constexpr std::array<ScalarInfo, 256> kScalarInfoTable = [] {
  std::array<ScalarInfo, 256> table{};
  for (std::size_t i = 0; i < table.size(); ++i) {
    table[i] = scalar_info_switch(static_cast<ArgType>(i));
  }
  return table;
}();

constexpr ScalarInfo scalar_info(ArgType kind) noexcept {
  return kScalarInfoTable[static_cast<std::uint8_t>(kind)];
}

// True for kinds whose value is one fixed-size scalar.
constexpr bool is_scalar_kind(ArgType kind) noexcept {
  return scalar_info(kind).width != 0;
}

// Bytes the fixed part of one top-level scalar or string argument occupies (a string's is its
// length prefix); 0 for the composite kinds, whose size depends on the value.
constexpr std::size_t fixed_arg_size(ArgType kind) noexcept {
  return kind == ArgType::kString ? sizeof(StringLength) : scalar_info(kind).width;
}

// Calls f(value) with the typed value of a scalar or string argument whose bytes are `bytes`
// (a string's payload without its length; the caller has checked the size). A bool is read as
// a byte, so any byte is a valid bool (never undefined behaviour on damaged input). Returns
// false, calling nothing, for a kind that is not scalar or string.
template <typename F>
bool visit_arg(ArgType kind, std::span<const std::byte> bytes, F&& f) {
  switch (kind) {
#define RINGLOG_KIND_VISIT(name, value, type)   \
  case ArgType::name: {                         \
    if constexpr (std::is_same_v<type, bool>) { \
      unsigned char byte;                       \
      std::memcpy(&byte, bytes.data(), 1);      \
      f(byte != 0);                             \
    } else {                                    \
      type v;                                   \
      std::memcpy(&v, bytes.data(), sizeof v);  \
      f(v);                                     \
    }                                           \
    return true;                                \
  }
    RINGLOG_SCALAR_KINDS(RINGLOG_KIND_VISIT)
#undef RINGLOG_KIND_VISIT
    case ArgType::kString:
      f(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      return true;
    default:
      return false;
  }
}

}  // namespace ringlog::detail
