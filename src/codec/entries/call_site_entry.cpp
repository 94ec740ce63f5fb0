#include "codec/entries/call_site_entry.h"

namespace ringlog::detail {

CallSiteEntry CallSiteEntry::of(std::uint32_t file_id, const CallSite& site,
                                std::span<const std::uint8_t> code) {
  const std::size_t message_code_size = code.size() - site.field_count;
  CallSiteEntry e;
  e.file_id = file_id;
  e.level = static_cast<std::uint8_t>(site.level);
  e.line = site.line;
  e.message_code = code.first(message_code_size);
  e.logger = site.logger_name;
  e.file = site.file;
  e.function = site.function;
  e.format = site.format;
  e.field_types = code.subspan(message_code_size);
  e.field_keys = {site.field_keys, site.field_count};
  return e;
}

std::size_t CallSiteEntry::bound(const CallSite& site) noexcept {
  // Head, length, id, level, line, code size, field count; the code; four strings; per field its
  // type byte and key.
  std::size_t n = 5 * kMaxVarintBytes + site.message_code_size +
                  string_bound(site.logger_name.size()) + string_bound(site.file.size()) +
                  string_bound(site.function.size()) + string_bound(site.format.size());
  for (std::uint32_t i = 0; i < site.field_count; ++i) {
    n += 1 + string_bound(site.field_keys[i].size());
  }
  return n;
}

void CallSiteEntry::encode(EntryBody& body) const {
  put_varint(body, file_id);
  put_u8(body, level);
  put_varint(body, line);
  // Format 1.2: the message arguments' type code, by its size in bytes.
  put_varint(body, message_code.size());
  put_bytes(body, message_code.data(), message_code.size());
  put_string(body, logger);
  put_string(body, file);
  put_string(body, function);
  put_string(body, format);
  // Format 1.1: the kv() fields, whose values follow the message's arguments in records.
  put_varint(body, field_types.size());
  put_bytes(body, field_types.data(), field_types.size());
  for (const std::string_view key : field_keys) put_string(body, key);
}

EntryError CallSiteEntry::decode(ByteReader& in, CallSiteEntry& e) {
  e.file_id = in.varint32();
  e.level = in.u8();
  e.line = in.varint32();
  const std::uint64_t code_size = in.varint();
  if (!in.ok() || code_size > in.remaining()) return {"malformed call site"};
  const auto* code = reinterpret_cast<const std::uint8_t*>(in.bytes(code_size));
  e.message_code = {code, static_cast<std::size_t>(code_size)};
  e.logger = in.string();
  e.file = in.string();
  e.function = in.string();
  e.format = in.string();
  if (!in.ok()) return {"malformed call site"};
  if (e.level > static_cast<std::uint8_t>(Level::critical)) {
    return {fmt::format("call site {} has level {}", e.file_id, e.level)};
  }
  // Format 1.1: kv() field types and keys (absent in 1.0 files).
  e.field_types = {};
  e.decoded_keys.clear();
  if (!in.empty()) {
    const std::uint64_t count = in.varint();
    if (!in.ok() || count > in.remaining()) return {"malformed call site"};
    const auto* types = reinterpret_cast<const std::uint8_t*>(in.bytes(count));
    e.field_types = {types, static_cast<std::size_t>(count)};
    for (std::uint64_t i = 0; i < count && in.ok(); ++i) e.decoded_keys.push_back(in.string());
    if (!in.ok()) return {"malformed call site fields"};
  }
  e.field_keys = e.decoded_keys;
  return {};
}

}  // namespace ringlog::detail
