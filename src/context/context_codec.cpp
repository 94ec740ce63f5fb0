#include "context/context_codec.h"

#include <cstring>

#include "ringlog/detail/arg_codec.h"

namespace ringlog::detail {
namespace {

constexpr std::string_view kCutMarker = "...";
constexpr std::size_t kEntryOverhead = 2;  // type and key length
constexpr std::size_t kDroppedEntrySize = kEntryOverhead + kDroppedFieldsKey.size() + 8;

std::size_t value_size(const FieldValue& v) noexcept {
  if (const auto* s = std::get_if<std::string_view>(&v)) return 1 + s->size();
  if (std::holds_alternative<bool>(v)) return 1;
  return 8;
}

// Writes an entry at `out` (which has room for it).
void encode(std::byte* out, std::string_view key, const FieldValue& v) noexcept {
  ArgType type;
  if (std::holds_alternative<std::int64_t>(v)) {
    type = ArgType::kI64;
  } else if (std::holds_alternative<std::uint64_t>(v)) {
    type = ArgType::kU64;
  } else if (std::holds_alternative<double>(v)) {
    type = ArgType::kF64;
  } else if (std::holds_alternative<bool>(v)) {
    type = ArgType::kBool;
  } else {
    type = ArgType::kString;
  }
  *out++ = static_cast<std::byte>(type);
  *out++ = static_cast<std::byte>(key.size());
  std::memcpy(out, key.data(), key.size());
  out += key.size();
  std::visit(
      [&out](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          *out++ = static_cast<std::byte>(x.size());
          std::memcpy(out, x.data(), x.size());
        } else if constexpr (std::is_same_v<T, bool>) {
          *out = static_cast<std::byte>(x ? 1 : 0);
        } else {
          std::memcpy(out, &x, sizeof x);
        }
      },
      v);
}

}  // namespace

void ContextAccess::append(ContextSnapshot& c, std::uint16_t scope_start, std::string_view key,
                           const FieldValue& value) noexcept {
  key = key.substr(0, kContextMaxKey);
  FieldValue kept = value;
  char cut[kContextMaxString];
  if (const auto* s = std::get_if<std::string_view>(&value); s && s->size() > kContextMaxString) {
    const std::size_t keep = kContextMaxString - kCutMarker.size();
    std::memcpy(cut, s->data(), keep);
    std::memcpy(cut + keep, kCutMarker.data(), kCutMarker.size());
    kept = std::string_view(cut, kContextMaxString);
  }
  const std::size_t entry = kEntryOverhead + key.size() + value_size(kept);
  // Room for one ctx_dropped entry is always kept free, so a loss can always be shown.
  if (c.count_ + 2u <= kContextMaxFields &&
      c.size_ + entry + kDroppedEntrySize <= kContextMaxBytes) {
    encode(c.bytes_ + c.size_, key, kept);
    c.size_ = static_cast<std::uint16_t>(c.size_ + entry);
    ++c.count_;
    return;
  }
  // Left out. Count it in this scope's ctx_dropped entry, added as the scope's last entry; when
  // an enclosing scope's marker took the reserve, that one counts it instead.
  std::size_t pos = 0, last = c.size_;
  ContextEntry e;
  while (pos < c.size_ && decode_context_entry({c.bytes_ + pos, c.size_ - pos}, e)) {
    last = pos;
    pos += e.size;
  }
  const bool last_is_marker =
      last < c.size_ && decode_context_entry({c.bytes_ + last, c.size_ - last}, e) &&
      e.key == kDroppedFieldsKey && std::holds_alternative<std::uint64_t>(e.value);
  const bool room =
      c.count_ + 1u <= kContextMaxFields && c.size_ + kDroppedEntrySize <= kContextMaxBytes;
  if (last_is_marker && (last >= scope_start || !room)) {
    const std::uint64_t n = std::get<std::uint64_t>(e.value) + 1;
    std::memcpy(c.bytes_ + last + kEntryOverhead + kDroppedFieldsKey.size(), &n, sizeof n);
  } else if (room) {
    encode(c.bytes_ + c.size_, kDroppedFieldsKey, FieldValue(std::uint64_t{1}));
    c.size_ = static_cast<std::uint16_t>(c.size_ + kDroppedEntrySize);
    ++c.count_;
  }
}

bool decode_context_entry(std::span<const std::byte> bytes, ContextEntry& out) noexcept {
  if (bytes.size() < kEntryOverhead) return false;
  const auto type = static_cast<ArgType>(bytes[0]);
  const std::size_t key_len = static_cast<std::uint8_t>(bytes[1]);
  std::size_t pos = kEntryOverhead + key_len;
  if (bytes.size() < pos) return false;
  out.key = std::string_view(reinterpret_cast<const char*>(bytes.data() + kEntryOverhead), key_len);
  const std::size_t rest = bytes.size() - pos;
  const std::byte* v = bytes.data() + pos;
  switch (type) {
    case ArgType::kBool:
      if (rest < 1) return false;
      out.value = static_cast<std::uint8_t>(v[0]) != 0;
      pos += 1;
      break;
    case ArgType::kI64:
    case ArgType::kU64:
    case ArgType::kF64: {
      if (rest < 8) return false;
      if (type == ArgType::kI64) {
        std::int64_t x;
        std::memcpy(&x, v, 8);
        out.value = x;
      } else if (type == ArgType::kU64) {
        std::uint64_t x;
        std::memcpy(&x, v, 8);
        out.value = x;
      } else {
        double x;
        std::memcpy(&x, v, 8);
        out.value = x;
      }
      pos += 8;
      break;
    }
    case ArgType::kString: {
      if (rest < 1) return false;
      const std::size_t len = static_cast<std::uint8_t>(v[0]);
      if (rest - 1 < len) return false;
      out.value = std::string_view(reinterpret_cast<const char*>(v + 1), len);
      pos += 1 + len;
      break;
    }
    default:
      return false;
  }
  out.size = pos;
  return true;
}

std::size_t resolve_context(std::span<const std::byte> entries, std::span<Field> out,
                            bool& complete) noexcept {
  complete = true;
  std::size_t n = 0;
  std::size_t pos = 0;
  ContextEntry e;
  while (pos < entries.size()) {
    if (!decode_context_entry(entries.subspan(pos), e)) {
      complete = false;
      break;
    }
    pos += e.size;
    std::size_t i = 0;
    while (i < n && out[i].key != e.key) ++i;
    if (i < n) {
      out[i].value = e.value;
    } else if (n < out.size()) {
      out[n++] = Field{e.key, e.value};
    }
  }
  return n;
}

}  // namespace ringlog::detail
