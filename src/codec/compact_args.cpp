#include "codec/compact_args.h"

#include <bit>
#include <cstring>

#include "codec/binary_format.h"
#include "format/message.h"

namespace ringlog::detail {
namespace {

enum class Coding : std::uint8_t { raw_byte, integer_delta, float_xor, long_double, string };

struct ArgCoding {
  Coding coding;
  bool is_signed;     // for integer_delta: sign-extend before taking the difference
  std::size_t width;  // native bytes (payload width for floats)
};

constexpr ArgCoding coding_of(ArgType t) noexcept {
  switch (t) {
    case ArgType::kBool:
    case ArgType::kChar:
    case ArgType::kI8:
    case ArgType::kU8:
      return {Coding::raw_byte, false, 1};
    case ArgType::kI16:
      return {Coding::integer_delta, true, 2};
    case ArgType::kU16:
      return {Coding::integer_delta, false, 2};
    case ArgType::kI32:
      return {Coding::integer_delta, true, 4};
    case ArgType::kU32:
      return {Coding::integer_delta, false, 4};
    case ArgType::kI64:
      return {Coding::integer_delta, true, 8};
    case ArgType::kU64:
    case ArgType::kPointer:
      return {Coding::integer_delta, false, 8};
    case ArgType::kF32:
      return {Coding::float_xor, false, 4};
    case ArgType::kF64:
      return {Coding::float_xor, false, 8};
    case ArgType::kLongDouble:
      return {Coding::long_double, false, sizeof(long double)};
    case ArgType::kString:
      return {Coding::string, false, 0};
  }
  return {Coding::raw_byte, false, 0};
}

// The native bytes of an integer as a 64-bit value, sign-extended when signed.
std::uint64_t load_integer(const std::byte* p, std::size_t width, bool is_signed) noexcept {
  std::uint64_t v = 0;
  std::memcpy(&v, p, width);
  if (is_signed && width < 8) {
    const unsigned shift = 64 - 8 * static_cast<unsigned>(width);
    v = static_cast<std::uint64_t>(static_cast<std::int64_t>(v << shift) >> shift);
  }
  return v;
}

// Float bits XOR the predictor: one byte (leading zero bytes << 4 | trailing zero bytes), then
// the bytes between, low first. An unchanged value is the single byte 0x80.
std::byte* put_xor(std::byte* out, std::uint64_t x, std::size_t width) noexcept {
  if (x == 0) {
    *out++ = std::byte{0x80};
    return out;
  }
  const auto lead = static_cast<unsigned>(std::countl_zero(x) / 8 - (8 - width));
  const auto trail = static_cast<unsigned>(std::countr_zero(x) / 8);
  *out++ = static_cast<std::byte>(lead << 4 | trail);
  const std::size_t n = width - lead - trail;
  const std::uint64_t middle = x >> (8 * trail);
  std::memcpy(out, &middle, n);
  return out + n;
}

bool get_xor(ByteReader& in, std::size_t width, std::uint64_t& x) noexcept {
  const std::uint8_t control = in.u8();
  const unsigned lead = control >> 4, trail = control & 0xF;
  if (!in.ok() || lead + trail > width) return false;
  const std::size_t n = width - lead - trail;
  const std::byte* bytes = in.bytes(n);
  if (bytes == nullptr) return false;
  std::uint64_t middle = 0;
  std::memcpy(&middle, bytes, n);
  x = n == 0 ? 0 : middle << (8 * trail);
  return true;
}

}  // namespace

std::byte* encode_compact_args(std::span<const ArgType> types, std::span<const std::byte> native,
                               std::uint64_t* prev, std::byte* out) noexcept {
  std::size_t index = 0;
  const bool complete = for_each_arg(types, native, [&](ArgType t, std::span<const std::byte> b) {
    const ArgCoding c = coding_of(t);
    std::uint64_t& predictor = prev[index++];
    switch (c.coding) {
      case Coding::raw_byte:
        *out++ = b[0];
        break;
      case Coding::integer_delta: {
        const std::uint64_t v = load_integer(b.data(), c.width, c.is_signed);
        out = put_varint(out, zigzag(static_cast<std::int64_t>(v - predictor)));
        predictor = v;
        break;
      }
      case Coding::float_xor: {
        std::uint64_t bits = 0;
        std::memcpy(&bits, b.data(), c.width);
        out = put_xor(out, bits ^ predictor, c.width);
        predictor = bits;
        break;
      }
      case Coding::long_double:
        std::memcpy(out, b.data(), kLongDoubleBytes);
        out += kLongDoubleBytes;
        break;
      case Coding::string:
        out = put_varint(out, b.size());
        std::memcpy(out, b.data(), b.size());
        out += b.size();
        break;
    }
  });
  return complete ? out : nullptr;
}

bool decode_compact_args(std::span<const ArgType> types, ByteReader& in, std::uint64_t* prev,
                         std::vector<std::byte>& native) {
  std::size_t index = 0;
  for (ArgType t : types) {
    const ArgCoding c = coding_of(t);
    std::uint64_t& predictor = prev[index++];
    const std::size_t at = native.size();
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
