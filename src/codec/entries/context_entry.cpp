#include "codec/entries/context_entry.h"

#include <type_traits>
#include <variant>

namespace ringlog::detail {

std::size_t ContextEntry::bound(std::span<const Field> fields) noexcept {
  std::size_t n = 0;
  for (const Field& f : fields) {
    // Key, tag and the widest value (a varint, 8 bytes, or a string), each generously.
    n += 2 * kMaxVarintBytes + 9 + f.key.size();
    if (const auto* sv = std::get_if<std::string_view>(&f.value)) n += sv->size();
  }
  return n;
}

void ContextEntry::encode(EntryBody& body) const {
  put_varint(body, fields.size());
  for (const Field& f : fields) {
    put_string(body, f.key);
    std::visit(
        [&body](const auto& v) {
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::int64_t>) {
            put_u8(body, static_cast<std::uint8_t>(FieldTag::i64));
            put_varint(body, zigzag(v));
          } else if constexpr (std::is_same_v<V, std::uint64_t>) {
            put_u8(body, static_cast<std::uint8_t>(FieldTag::u64));
            put_varint(body, v);
          } else if constexpr (std::is_same_v<V, double>) {
            put_u8(body, static_cast<std::uint8_t>(FieldTag::f64));
            put_fixed(body, v);
          } else if constexpr (std::is_same_v<V, bool>) {
            put_u8(body, static_cast<std::uint8_t>(FieldTag::boolean));
            put_u8(body, v ? 1 : 0);
          } else {
            put_u8(body, static_cast<std::uint8_t>(FieldTag::string));
            put_string(body, v);
          }
        },
        f.value);
  }
}

EntryError ContextEntry::decode(ByteReader& in, ContextEntry& e) {
  const std::uint64_t count = in.varint();
  if (!in.ok() || count > in.remaining()) return {"malformed context"};
  // Strings first (the vector may move them), then the fields that point into them.
  e.text.clear();
  e.values.clear();
  for (std::uint64_t i = 0; i < count && in.ok(); ++i) {
    e.text.emplace_back(in.string());
    const auto tag = static_cast<FieldTag>(in.u8());
    switch (tag) {
      case FieldTag::i64:
        e.values.emplace_back(tag, in.signed_varint());
        break;
      case FieldTag::u64:
        e.values.emplace_back(tag, in.varint());
        break;
      case FieldTag::f64:
        e.values.emplace_back(tag, in.fixed<double>());
        break;
      case FieldTag::boolean:
        e.values.emplace_back(tag, in.u8() != 0);
        break;
      case FieldTag::string:
        e.values.emplace_back(tag, std::string_view{});
        e.text.emplace_back(in.string());
        break;
      default:
        return {"context field of unknown type"};
    }
  }
  if (!in.ok()) return {"malformed context"};
  return {};
}

void ContextEntry::take_fields(std::vector<std::string>& store, std::vector<Field>& out) && {
  store = std::move(text);
  out.clear();
  std::size_t next_text = 0;
  for (auto& [tag, value] : values) {
    const std::string_view key = store[next_text++];
    if (tag == FieldTag::string) value = std::string_view(store[next_text++]);
    out.push_back(Field{key, value});
  }
}

}  // namespace ringlog::detail
