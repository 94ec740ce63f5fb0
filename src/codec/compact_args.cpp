#include "codec/compact_args.h"

#include <cstring>

#include "codec/binary_format.h"
#include "codec/compact_steps.h"
#include "values/native_integer.h"
#include "values/value_walk.h"

namespace ringlog::detail {
namespace {

using Coding = CompactStep::Coding;

struct ArgCoding {
  Coding coding;
  bool is_signed;     // for integer_delta: sign-extend before taking the difference
  std::size_t width;  // native bytes (payload width for floats)
};

// Derived from the kinds table: 1-byte kinds raw, integers and pointers as deltas, float and
// double as XOR, long double as its significant bytes, strings as varint length + bytes.
constexpr ArgCoding coding_of(ArgType t) noexcept {
  if (t == ArgType::kString) return {Coding::string, false, 0};
  const ScalarInfo info = scalar_info(t);
  if (info.width == 1) return {Coding::raw_byte, false, 1};
  if (info.is_integer) return {Coding::integer_delta, info.is_signed, info.width};
  if (info.is_float) return {Coding::float_xor, false, info.width};
  if (t == ArgType::kLongDouble) return {Coding::long_double, false, sizeof(long double)};
  return {Coding::raw_byte, false, 0};  // not a scalar kind: refused by the callers
}

constexpr CompactStep::Op op_of(const ArgCoding& c) noexcept {
  using Op = CompactStep::Op;
  switch (c.coding) {
    case Coding::raw_byte:
      return c.width == 1 ? Op::raw_byte : Op::invalid;
    case Coding::integer_delta:
      if (c.width == 2) return c.is_signed ? Op::delta_s16 : Op::delta_u16;
      if (c.width == 4) return c.is_signed ? Op::delta_s32 : Op::delta_u32;
      return c.width == 8 ? Op::delta_64 : Op::invalid;
    case Coding::float_xor:
      return c.width == 4 ? Op::xor_32 : c.width == 8 ? Op::xor_64 : Op::invalid;
    case Coding::long_double:
      return Op::long_double;
    case Coding::string:
      return Op::string;
  }
  return Op::invalid;
}

constexpr CompactStep step_of(const ArgCoding& c) noexcept {
  return {c.coding, c.is_signed, static_cast<std::uint8_t>(c.width), op_of(c)};
}

bool get_xor(ByteReader& in, std::size_t width, std::uint64_t& x) noexcept {
  const std::uint8_t control = in.u8();
  if (!in.ok()) return false;
  if (control == 0x80) {  // unchanged, whatever the width (8 "leading zero bytes" of a float too)
    x = 0;
    return true;
  }
  const unsigned lead = control >> 4, trail = control & 0xF;
  if (lead + trail > width) return false;
  const std::size_t n = width - lead - trail;
  const std::byte* bytes = in.bytes(n);
  if (bytes == nullptr) return false;
  std::uint64_t middle = 0;
  std::memcpy(&middle, bytes, n);
  x = n == 0 ? 0 : middle << (8 * trail);
  return true;
}

// One step of encode_compact_planned(). Returns the end, or nullptr when `in` is too short.
inline std::byte* encode_step(const CompactStep& step, const std::byte*& in,
                              const std::byte* const end, std::uint64_t& predictor,
                              std::byte* out) noexcept {
  const auto left = static_cast<std::size_t>(end - in);
  if (step.op != CompactStep::Op::string) {
    if (left < step.width) return nullptr;
    return put_fixed_step(step, in, predictor, out);  // nullptr for an invalid step
  }
  StringLength n;
  if (left < sizeof n) return nullptr;
  std::memcpy(&n, in, sizeof n);
  in += sizeof n;
  if (static_cast<std::size_t>(end - in) < n) return nullptr;
  out = put_varint(out, n);
  std::memcpy(out, in, n);
  in += n;
  return out + n;
}

}  // namespace

bool make_compact_plan(std::span<const std::uint8_t> code, std::vector<CompactStep>& plan) {
  plan.clear();
  for (const std::uint8_t t : code) {
    const ArgCoding c = coding_of(static_cast<ArgType>(t));
    const CompactStep step = step_of(c);
    if (step.op == CompactStep::Op::invalid) return false;  // composite or unknown
    plan.push_back(step);
  }
  return true;
}

std::size_t compact_plan_fixed_bytes(std::span<const CompactStep> plan) noexcept {
  std::size_t bytes = 0;
  for (const CompactStep& step : plan) {
    if (step.op == CompactStep::Op::string || step.op == CompactStep::Op::invalid) return 0;
    bytes += step.width;
  }
  return bytes;
}

std::byte* encode_compact_planned(std::span<const CompactStep> plan,
                                  std::span<const std::byte> native, std::uint64_t* prev,
                                  std::byte* out) noexcept {
  const std::byte* in = native.data();
  const std::byte* const end = in + native.size();
  for (const CompactStep& step : plan) {
    out = encode_step(step, in, end, *prev++, out);
    if (out == nullptr) return nullptr;
  }
  return out;
}

std::byte* encode_compact_args(std::span<const std::uint8_t> code,
                               std::span<const std::byte> native, std::uint64_t* prev,
                               std::byte* out) noexcept {
  // One pass; the scalar steps are encode_compact_planned()'s, only decided per record here.
  const std::byte* in = native.data();
  const std::byte* const end = in + native.size();
  for (std::size_t at = 0; at < code.size();) {
    const auto t = static_cast<ArgType>(code[at]);
    const ArgCoding c = coding_of(t);
    std::uint64_t& predictor = *prev++;
    const auto left = static_cast<std::size_t>(end - in);
    if (c.width == 0 && c.coding != Coding::string) {  // a composite value
      const auto n = value_extent(code, at, {in, left});
      if (!n) return nullptr;
      out = put_varint(out, *n);
      std::memcpy(out, in, *n);
      in += *n;
      out += *n;
      continue;
    }
    ++at;
    out = encode_step(step_of(c), in, end, predictor, out);
    if (out == nullptr) return nullptr;
  }
  return out;
}

bool decode_compact_args(std::span<const std::uint8_t> code, ByteReader& in, std::uint64_t* prev,
                         std::vector<std::byte>& native) {
  std::size_t index = 0;
  for (std::size_t pos = 0; pos < code.size();) {
    const auto t = static_cast<ArgType>(code[pos]);
    const ArgCoding c = coding_of(t);
    std::uint64_t& predictor = prev[index++];
    const std::size_t at = native.size();
    if (c.width == 0 && c.coding != Coding::string) {  // a composite value
      const std::uint64_t n = in.varint();
      if (!in.ok() || n > in.remaining()) return false;
      const std::byte* bytes = in.bytes(static_cast<std::size_t>(n));
      if (bytes == nullptr) return false;
      const std::span<const std::byte> value(bytes, static_cast<std::size_t>(n));
      const auto extent = value_extent(code, pos, value);
      if (!extent || *extent != value.size()) return false;
      native.insert(native.end(), value.begin(), value.end());
      continue;
    }
    ++pos;
    switch (c.coding) {
      case Coding::raw_byte: {
        if (c.width == 0) return false;  // unknown type
        const std::uint8_t v = in.u8();
        // A bool must be 0 or 1: another byte would be undefined behaviour when loaded.
        if (t == ArgType::kBool && v > 1) return false;
        native.push_back(std::byte{v});
        break;
      }
      case Coding::integer_delta: {
        std::uint64_t v = predictor + static_cast<std::uint64_t>(in.signed_varint());
        // Keep what the native width holds, and predict from that, as the writer did.
        v = load_integer(reinterpret_cast<const std::byte*>(&v), c.width, c.is_signed);
        predictor = v;
        native.resize(at + c.width);
        std::memcpy(native.data() + at, &v, c.width);
        break;
      }
      case Coding::float_xor: {
        std::uint64_t x = 0;
        if (!get_xor(in, c.width, x)) return false;
        predictor ^= x;
        native.resize(at + c.width);
        std::memcpy(native.data() + at, &predictor, c.width);
        break;
      }
      case Coding::long_double: {
        const std::byte* bytes = in.bytes(kLongDoubleBytes);
        if (bytes == nullptr) return false;
        native.resize(at + sizeof(long double));  // padding bytes zeroed
        std::memcpy(native.data() + at, bytes, kLongDoubleBytes);
        break;
      }
      case Coding::string: {
        const std::string_view s = in.string();
        if (!in.ok() || s.size() > UINT32_MAX) return false;
        const auto n = static_cast<StringLength>(s.size());
        native.resize(at + sizeof n + n);
        std::memcpy(native.data() + at, &n, sizeof n);
        std::memcpy(native.data() + at + sizeof n, s.data(), n);
        break;
      }
    }
    if (!in.ok()) return false;
  }
  return true;
}

}  // namespace ringlog::detail
