// call_site: a statement's metadata (level, source, format string, argument type code, kv()
// field keys), sent before its first record in a segment and after every refresh.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "codec/entries/entry_io.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

// call_site := id:varint level:u8 line:varint code_size:varint code[code_size] logger:string
//              file:string function:string format:string
//              [1.1: field_count:varint field_types[field_count] key:string*field_count]
// (1.2: `code` is the message arguments' type code; 1.0 and 1.1 wrote one byte per argument.)
struct CallSiteEntry {
  static constexpr EntryKind kKind = EntryKind::call_site;
  std::uint32_t file_id = 0;
  std::uint8_t level = 0;
  std::uint32_t line = 0;
  std::span<const std::uint8_t> message_code;
  std::string_view logger, file, function, format;
  std::span<const std::uint8_t> field_types;  // one kind byte per kv() field
  std::span<const std::string_view> field_keys;
  std::vector<std::string_view> decoded_keys;  // what field_keys views after decode()

  // The entry for `site`, whose whole type code as the file has it is `code` (message types,
  // then one byte per field). Views into both.
  static CallSiteEntry of(std::uint32_t file_id, const CallSite& site,
                          std::span<const std::uint8_t> code);
  // The whole entry for `site` at most.
  static std::size_t bound(const CallSite& site) noexcept;
  void encode(EntryBody& body) const;
  // Views into the body. Refuses a level above critical.
  static EntryError decode(ByteReader& in, CallSiteEntry& e);
};

}  // namespace ringlog::detail
