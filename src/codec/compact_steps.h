// The fixed-width steps of the compact argument coding (codec/compact_args.h), inline: the
// checked encoders in compact_args.cpp and the binary writer's run loop share them, and the run
// loop encodes a fixed-size site's records with no bounds check per argument.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include "codec/binary_format.h"
#include "codec/compact_args.h"
#include "codec/varint.h"
#include "values/native_integer.h"

namespace ringlog::detail {

// Float bits XOR the predictor: one byte (leading zero bytes << 4 | trailing zero bytes), then
// the bytes between, low first. An unchanged value is the single byte 0x80.
inline std::byte* put_xor(std::byte* out, std::uint64_t x, std::size_t width) noexcept {
  if (x == 0) {
    *out++ = std::byte{0x80};
    return out;
  }
  const auto lead = static_cast<unsigned>(std::countl_zero(x) / 8 - (8 - width));
  const auto trail = static_cast<unsigned>(std::countr_zero(x) / 8);
  *out++ = static_cast<std::byte>(lead << 4 | trail);
  const std::uint64_t middle = x >> (8 * trail);
  // A fixed 8-byte store (one instruction) instead of an n-byte copy: the caller leaves
  // kCompactArgsSlack bytes of room past the bound for it; the bytes past n are overwritten next.
  std::memcpy(out, &middle, sizeof middle);
  return out + (width - lead - trail);
}

// The integer of type T at `in` as the delta step codes it: widened (sign-extended when T is
// signed), the zigzag varint of its difference to the predictor.
template <typename T>
inline std::byte* put_delta(const std::byte*& in, std::uint64_t& predictor,
                            std::byte* out) noexcept {
  const std::uint64_t v = load_widened<T>(in);
  in += sizeof(T);
  out = put_varint(out, zigzag(static_cast<std::int64_t>(v - predictor)));
  predictor = v;
  return out;
}

// The float bits of type T at `in` as the XOR step codes them.
template <typename T>
inline std::byte* put_float_bits(const std::byte*& in, std::uint64_t& predictor,
                                 std::byte* out) noexcept {
  const std::uint64_t bits = load_widened<T>(in);
  in += sizeof(T);
  out = put_xor(out, bits ^ predictor, sizeof(T));
  predictor = bits;
  return out;
}

// One step whose native width is fixed (every op but `string`), reading step.width bytes at `in`
// unchecked: the caller made sure they are there. Returns the end; nullptr for `string` and
// `invalid`, which no fixed-width plan holds.
inline std::byte* put_fixed_step(const CompactStep& step, const std::byte*& in,
                                 std::uint64_t& predictor, std::byte* out) noexcept {
  using Op = CompactStep::Op;
  switch (step.op) {
    case Op::raw_byte:
      *out++ = *in++;
      return out;
    case Op::delta_s16:
      return put_delta<std::int16_t>(in, predictor, out);
    case Op::delta_u16:
      return put_delta<std::uint16_t>(in, predictor, out);
    case Op::delta_s32:
      return put_delta<std::int32_t>(in, predictor, out);
    case Op::delta_u32:
      return put_delta<std::uint32_t>(in, predictor, out);
    case Op::delta_64:
      return put_delta<std::uint64_t>(in, predictor, out);
    case Op::xor_32:
      return put_float_bits<std::uint32_t>(in, predictor, out);
    case Op::xor_64:
      return put_float_bits<std::uint64_t>(in, predictor, out);
    case Op::long_double:
      std::memcpy(out, in, kLongDoubleBytes);
      in += sizeof(long double);
      return out + kLongDoubleBytes;
    case Op::string:
    case Op::invalid:
      break;
  }
  return nullptr;
}

// encode_compact_planned() for a plan of fixed-width steps only (compact_plan_fixed_bytes() is
// not 0) and `native` holding exactly compact_plan_fixed_bytes() bytes: the same bytes, with no
// bounds check per argument. Inline: the binary writer's run loop calls it for nearly every
// record.
inline std::byte* encode_compact_fixed(std::span<const CompactStep> plan, const std::byte* native,
                                       std::uint64_t* prev, std::byte* out) noexcept {
  for (const CompactStep& step : plan) out = put_fixed_step(step, native, *prev++, out);
  return out;
}

}  // namespace ringlog::detail
