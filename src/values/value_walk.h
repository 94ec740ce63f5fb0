// Reading encoded arguments back by their type code (grammar in ringlog/detail/type_code.h,
// value layout in ringlog/detail/value_codec.h). One walker, every consumer a visitor: the text
// of a message, ringlog-cat's JSON, the binary codec's validation. Everything is bounds-checked
// and nesting is capped, because the bytes may come from a damaged or hostile file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "ringlog/detail/arg_kinds.h"
#include "ringlog/detail/type_code.h"
#include "ringlog/detail/value_codec.h"

namespace ringlog::detail {

// Reads a type code's parameters. Any read past the end clears ok().
class TypeReader {
 public:
  explicit TypeReader(std::span<const std::uint8_t> code, std::size_t pos = 0) noexcept
      : code_(code), pos_(pos) {}
  bool ok() const noexcept { return ok_; }
  std::size_t pos() const noexcept { return pos_; }
  void seek(std::size_t pos) noexcept { pos_ = pos; }
  std::uint8_t u8() noexcept {
    if (pos_ >= code_.size()) return fail(), 0;
    return code_[pos_++];
  }
  template <typename U>
  U le() noexcept {
    if (code_.size() - pos_ < sizeof(U) || pos_ > code_.size()) return fail(), U{};
    U v = 0;
    for (std::size_t i = 0; i < sizeof(U); ++i) v |= static_cast<U>(U{code_[pos_ + i]} << (8 * i));
    pos_ += sizeof(U);
    return v;
  }
  std::string_view name() noexcept {
    const std::size_t n = u8();
    if (!ok_ || code_.size() - pos_ < n) return fail(), std::string_view{};
    const std::string_view s(reinterpret_cast<const char*>(code_.data() + pos_), n);
    pos_ += n;
    return s;
  }

 private:
  void fail() noexcept { ok_ = false; }
  std::span<const std::uint8_t> code_;
  std::size_t pos_;
  bool ok_ = true;
};

// Reads a value's bytes. Any read past the end clears ok().
class ValueReader {
 public:
  explicit ValueReader(std::span<const std::byte> bytes) noexcept : bytes_(bytes) {}
  bool ok() const noexcept { return ok_; }
  std::size_t pos() const noexcept { return pos_; }
  std::size_t left() const noexcept { return bytes_.size() - pos_; }
  std::span<const std::byte> take(std::size_t n) noexcept {
    if (!ok_ || left() < n) {
      ok_ = false;
      return {};
    }
    const auto s = bytes_.subspan(pos_, n);
    pos_ += n;
    return s;
  }
  template <typename U>
  U get() noexcept {
    U v{};
    const auto b = take(sizeof(U));
    if (ok_) std::memcpy(&v, b.data(), sizeof v);
    return v;
  }
  // A u32 length (top bit masked off when `flag` is given) then that many bytes.
  std::span<const std::byte> text(bool* flag = nullptr) noexcept {
    std::uint32_t n = get<std::uint32_t>();
    if (flag != nullptr) {
      *flag = (n & kSequenceCut) != 0;
      n &= ~kSequenceCut;
    }
    return take(n);
  }

 private:
  std::span<const std::byte> bytes_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

inline std::string_view as_chars(std::span<const std::byte> b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// The events a walk reports. Visitors derive from this and hide what they need.
struct ValueVisitor {
  void scalar(ArgType, std::span<const std::byte>, int /*depth*/) {}
  void sequence_begin(SequenceFlavour, std::uint32_t /*count*/) {}
  void item(std::uint32_t /*index*/) {}
  void map_entry_begin() {}
  void map_key_end() {}
  void map_entry_end() {}
  void sequence_end(SequenceFlavour, bool /*cut*/) {}
  void tuple_begin() {}
  void tuple_end() {}
  void struct_begin(std::string_view /*name*/) {}
  void field(std::uint32_t /*index*/, std::string_view /*name*/) {}
  void struct_end() {}
  void optional_none() {}
  void optional_begin() {}
  void optional_end() {}
  void variant_begin() {}
  void variant_end() {}
  void monostate() {}
  // `name` is empty for a value with no enumerator; `kind` and `bytes` are the integer.
  void enum_value(std::string_view /*name*/, ArgType, std::span<const std::byte>) {}
  void duration(std::uint64_t /*num*/, std::uint64_t /*den*/, ArgType, std::span<const std::byte>) {
  }
  void time_point(std::uint64_t /*num*/, std::uint64_t /*den*/, ArgType,
                  std::span<const std::byte>) {}
  void path(std::string_view) {}
  void error_code(std::int32_t, std::string_view /*category*/) {}
  void hex(std::span<const std::byte>, bool /*cut*/) {}
  void formatted(std::uint8_t /*index*/, std::span<const std::byte>) {}
};

inline bool skip_type(TypeReader& code, int depth, std::vector<std::size_t>* formatted = nullptr);

// Zero-size elements (std::monostate, empty tuples) cannot be bounded by the bytes left, so a
// sequence count above both this and the bytes left is refused.
inline constexpr std::uint32_t kMaxCountWithoutBytes = 4096;

// Walks one value of the type at `code.pos()` from `in`, reporting it to `v`. Returns false on a
// malformed type code, bytes that do not match it, or nesting deeper than kMaxTypeDepth; `v`
// may then have seen part of the value.
template <typename V>
bool walk_value(TypeReader& code, ValueReader& in, V& v, int depth = 0) {
  if (depth > kMaxTypeDepth) return false;
  const auto kind = static_cast<ArgType>(code.u8());
  if (!code.ok()) return false;
  if (kind == ArgType::kString) {
    const auto s = in.text();
    if (!in.ok()) return false;
    v.scalar(kind, s, depth);
    return true;
  }
  if (const std::size_t width = scalar_info(kind).width; width != 0) {
    const auto b = in.take(width);
    if (!in.ok()) return false;
    v.scalar(kind, b, depth);
    return true;
  }
  switch (kind) {
    case ArgType::kSequence: {
      const auto flavour = static_cast<SequenceFlavour>(code.u8());
      if (flavour > SequenceFlavour::map) return false;
      const std::size_t element = code.pos();
      // Find where the element type ends even when the sequence is empty.
      if (!skip_type(code, depth + 1)) return false;
      const std::size_t after = code.pos();
      const std::uint32_t raw = in.get<std::uint32_t>();
      const std::uint32_t count = raw & ~kSequenceCut;
      if (!in.ok() || (count > in.left() && count > kMaxCountWithoutBytes)) return false;
      TypeReader element_code = code;
      if (flavour == SequenceFlavour::map) {
        element_code.seek(element);
        if (static_cast<ArgType>(element_code.u8()) != ArgType::kTuple || element_code.u8() != 2)
          return false;
      }
      const std::size_t first = flavour == SequenceFlavour::map ? element_code.pos() : element;
      v.sequence_begin(flavour, count);
      for (std::uint32_t i = 0; i < count; ++i) {
        v.item(i);
        element_code.seek(first);
        if (flavour == SequenceFlavour::map) v.map_entry_begin();
        if (!walk_value(element_code, in, v, depth + 1)) return false;
        if (flavour == SequenceFlavour::map) {
          v.map_key_end();
          if (!walk_value(element_code, in, v, depth + 1)) return false;
          v.map_entry_end();
        }
      }
      v.sequence_end(flavour, (raw & kSequenceCut) != 0);
      code.seek(after);
      return true;
    }
    case ArgType::kTuple: {
      const std::uint8_t n = code.u8();
      v.tuple_begin();
      for (std::uint32_t i = 0; i < n; ++i) {
        v.item(i);
        if (!walk_value(code, in, v, depth + 1)) return false;
      }
      v.tuple_end();
      return code.ok();
    }
    case ArgType::kStruct: {
      const std::string_view name = code.name();
      const std::uint8_t n = code.u8();
      if (!code.ok()) return false;
      v.struct_begin(name);
      for (std::uint32_t i = 0; i < n; ++i) {
        const std::string_view field = code.name();
        if (!code.ok()) return false;
        v.field(i, field);
        if (!walk_value(code, in, v, depth + 1)) return false;
      }
      v.struct_end();
      return true;
    }
    case ArgType::kOptional: {
      const auto has = in.get<std::uint8_t>();
      if (!in.ok() || has > 1) return false;
      if (has == 0) {
        v.optional_none();
        return skip_type(code, depth + 1);
      }
      v.optional_begin();
      if (!walk_value(code, in, v, depth + 1)) return false;
      v.optional_end();
      return true;
    }
    case ArgType::kVariant: {
      const std::uint8_t n = code.u8();
      const auto index = in.get<std::uint8_t>();
      if (!code.ok() || !in.ok() || n == 0) return false;
      if (index != 0xFF && index >= n) return false;
      v.variant_begin();
      for (std::uint32_t i = 0; i < n; ++i) {
        if (i == index) {
          if (!walk_value(code, in, v, depth + 1)) return false;
        } else if (!skip_type(code, depth + 1)) {
          return false;
        }
      }
      v.variant_end();
      return true;
    }
    case ArgType::kEnum: {
      code.name();  // the enum's own name: for schemas, not printed
      const auto integer = static_cast<ArgType>(code.u8());
      const std::uint16_t n = code.le<std::uint16_t>();
      const ScalarInfo info = scalar_info(integer);
      // Any integer kind, 1-byte ones included (ScalarInfo::is_integer leaves those out).
      const bool integral = integer >= ArgType::kI8 && integer <= ArgType::kU64;
      if (!code.ok() || !integral) return false;
      const auto b = in.take(info.width);
      if (!in.ok()) return false;
      // The stored integer, widened the way the code's values were (sign-extended if signed).
      std::uint64_t raw = 0;
      std::memcpy(&raw, b.data(), b.size());
      const unsigned shift = 64 - 8 * static_cast<unsigned>(b.size());
      if (info.is_signed && shift != 0) {
        raw = static_cast<std::uint64_t>(static_cast<std::int64_t>(raw << shift) >> shift);
      }
      std::string_view found;
      for (std::uint16_t i = 0; i < n; ++i) {
        const auto value = code.le<std::uint64_t>();
        const std::string_view name = code.name();
        if (!code.ok()) return false;
        if (found.empty() && value == raw) found = name;
      }
      v.enum_value(found, integer, b);
      return true;
    }
    case ArgType::kDuration:
    case ArgType::kTimePoint: {
      if (kind == ArgType::kTimePoint && static_cast<ArgType>(code.u8()) != ArgType::kDuration)
        return false;
      const auto num = code.le<std::uint64_t>();
      const auto den = code.le<std::uint64_t>();
      const auto rep = static_cast<ArgType>(code.u8());
      const ScalarInfo info = scalar_info(rep);
      if (!code.ok() || num == 0 || den == 0 || info.width == 0 || rep == ArgType::kPointer ||
          rep == ArgType::kBool || rep == ArgType::kChar)
        return false;
      const auto b = in.take(info.width);
      if (!in.ok()) return false;
      if (kind == ArgType::kDuration) {
        v.duration(num, den, rep, b);
      } else {
        v.time_point(num, den, rep, b);
      }
      return true;
    }
    case ArgType::kMonostate:
      v.monostate();
      return true;
    case ArgType::kPath: {
      const auto s = in.text();
      if (!in.ok()) return false;
      v.path(as_chars(s));
      return true;
    }
    case ArgType::kErrorCode: {
      const auto value = in.get<std::int32_t>();
      const auto category = in.text();
      if (!in.ok()) return false;
      v.error_code(value, as_chars(category));
      return true;
    }
    case ArgType::kHex: {
      bool cut = false;
      const auto b = in.text(&cut);
      if (!in.ok()) return false;
      v.hex(b, cut);
      return true;
    }
    case ArgType::kFormatted: {
      const auto size = code.le<std::uint32_t>();
      const std::uint8_t index = code.u8();
      if (!code.ok()) return false;
      const auto b = in.take(size);
      if (!in.ok()) return false;
      v.formatted(index, b);
      return true;
    }
    default:
      return false;
  }
}

// The number of bytes at the start of `bytes` that make one value of the type at `at` in `code`,
// or nothing when they do not match it; moves `at` past the type. (A walk that reports nothing.)
inline std::optional<std::size_t> value_extent(std::span<const std::uint8_t> code, std::size_t& at,
                                               std::span<const std::byte> bytes) {
  TypeReader type(code, at);
  ValueReader in(bytes);
  ValueVisitor nothing;
  if (!walk_value(type, in, nothing)) return std::nullopt;
  at = type.pos();
  return in.pos();
}

// Moves `code` past one type, checking it is well formed. Returns false if it is not. Appends
// the position of each kFormatted type to `formatted` when given.
inline bool skip_type(TypeReader& code, int depth, std::vector<std::size_t>* formatted) {
  if (depth > kMaxTypeDepth) return false;
  const std::size_t start = code.pos();
  const auto kind = static_cast<ArgType>(code.u8());
  if (!code.ok()) return false;
  if (kind == ArgType::kString || is_scalar_kind(kind)) return true;
  switch (kind) {
    case ArgType::kSequence:
      return code.u8() <= static_cast<std::uint8_t>(SequenceFlavour::map) && code.ok() &&
             skip_type(code, depth + 1, formatted);
    case ArgType::kOptional:
      return skip_type(code, depth + 1, formatted);
    case ArgType::kTuple:
    case ArgType::kVariant: {
      const std::uint8_t n = code.u8();
      for (std::uint32_t i = 0; i < n && code.ok(); ++i) {
        if (!skip_type(code, depth + 1, formatted)) return false;
      }
      return code.ok() && (kind == ArgType::kTuple || n > 0);
    }
    case ArgType::kStruct: {
      code.name();
      const std::uint8_t n = code.u8();
      for (std::uint32_t i = 0; i < n && code.ok(); ++i) {
        code.name();
        if (!skip_type(code, depth + 1, formatted)) return false;
      }
      return code.ok();
    }
    case ArgType::kEnum: {
      code.name();
      code.u8();
      const std::uint16_t n = code.le<std::uint16_t>();
      for (std::uint32_t i = 0; i < n && code.ok(); ++i) {
        code.le<std::uint64_t>();
        code.name();
      }
      return code.ok();
    }
    case ArgType::kTimePoint:
      if (static_cast<ArgType>(code.u8()) != ArgType::kDuration) return false;
      [[fallthrough]];
    case ArgType::kDuration:
      code.le<std::uint64_t>();
      code.le<std::uint64_t>();
      code.u8();
      return code.ok();
    case ArgType::kMonostate:
    case ArgType::kPath:
    case ArgType::kErrorCode:
    case ArgType::kHex:
      return true;
    case ArgType::kFormatted:
      code.le<std::uint32_t>();
      code.u8();
      if (formatted != nullptr) formatted->push_back(start);
      return code.ok();
    default:
      return false;
  }
}

}  // namespace ringlog::detail
