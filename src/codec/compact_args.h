// A record's arguments in the file: the ring's native encoding (detail/arg_codec.h) made
// compact. Integers and pointers are stored as the zigzag varint of their difference to the same
// argument in the call site's previous record of the chunk (counters, ids and prices that move
// a little cost a byte or two); floats as the XOR with that previous value, minus its zero
// bytes; strings as varint length + bytes. `prev` holds one predictor per argument, all zero at
// the start of each chunk, so every chunk decodes on its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "codec/varint.h"
#include "ringlog/detail/arg_codec.h"

namespace ringlog::detail {

// Most bytes encode_compact_args() encodes for native arguments of this size and count (a
// composite value gains at most a 5-byte length).
constexpr std::size_t compact_args_bound(std::size_t native_bytes, std::size_t arg_count) {
  return native_bytes + 5 * arg_count;
}
// Room encode_compact_args() may scribble on past the encoded end (whole-word stores).
inline constexpr std::size_t kCompactArgsSlack = 8;

// Writes the compact form of `native` (typed by the type code `code`) at `out`, which has
// compact_args_bound() + kCompactArgsSlack bytes of room, and updates `prev` (one predictor per
// argument). Composite values (detail/value_codec.h) are stored as varint length + their native
// bytes, checked against their type. Returns the end, or nullptr when the native bytes do not
// match the code (nothing meaningful written then).
std::byte* encode_compact_args(std::span<const std::uint8_t> code,
                               std::span<const std::byte> native, std::uint64_t* prev,
                               std::byte* out) noexcept;

// One argument's coding, decided once per call site instead of once per record: the writer
// keeps a site's steps (make_compact_plan()) and encodes its records with them.
struct CompactStep {
  enum class Coding : std::uint8_t { raw_byte, integer_delta, float_xor, long_double, string };
  // The coding with its width and signedness folded in, so the encoder's one switch per
  // argument lands on a fixed-size load (no second switch on the width per record).
  enum class Op : std::uint8_t {
    raw_byte,
    delta_s16,
    delta_u16,
    delta_s32,
    delta_u32,
    delta_64,
    xor_32,
    xor_64,
    long_double,
    string,
    invalid,  // not a scalar or string kind: never in a plan
  };
  Coding coding;
  bool is_signed;      // integer_delta: sign-extend before taking the difference
  std::uint8_t width;  // native bytes (integers, floats)
  Op op;
};

// The steps of `code` into `plan`; false (plan unusable) when `code` holds a composite value or
// an unknown type, which encode_compact_args() handles.
bool make_compact_plan(std::span<const std::uint8_t> code, std::vector<CompactStep>& plan);

// The native bytes of a record whose steps are `plan` when every step has a fixed width (no
// string), so that one size check stands for one per argument (codec/compact_steps.h); 0 when a
// step's width varies.
std::size_t compact_plan_fixed_bytes(std::span<const CompactStep> plan) noexcept;

// encode_compact_args() for a code whose steps are `plan`: the same bytes, the same checks,
// without deciding each argument's coding again.
std::byte* encode_compact_planned(std::span<const CompactStep> plan,
                                  std::span<const std::byte> native, std::uint64_t* prev,
                                  std::byte* out) noexcept;

// Reads the compact form of arguments typed by `code` from `in` and appends their native
// encoding to `native`, updating `prev`. Returns false on malformed input (in.ok() is false, a
// type is unknown, or a composite value does not match its type); `native` then holds a partial
// record to discard.
bool decode_compact_args(std::span<const std::uint8_t> code, ByteReader& in, std::uint64_t* prev,
                         std::vector<std::byte>& native);

// True for the ArgType values this format version defines.
constexpr bool is_known_arg_type(std::uint8_t t) noexcept {
  const auto kind = static_cast<ArgType>(t);
  return kind == ArgType::kString || is_scalar_kind(kind);
}

}  // namespace ringlog::detail
