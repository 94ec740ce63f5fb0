// context: the current thread's ringlog::Context fields from here on (format 1.1). Sent when a
// thread's context changed since its last record of the chunk.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "codec/entries/entry_io.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

// context := count:varint (key:string tag:u8 value)*count, the value by its FieldTag: i64
//            zigzag varint, u64 varint, f64 fixed, boolean u8, string string.
struct ContextEntry {
  static constexpr EntryKind kKind = EntryKind::context;
  std::span<const Field> fields;  // what encode() writes

  // What decode() read: keys and string values in `text`, in order; each value with its tag
  // (a string value is empty here: it is the next text after its key).
  std::vector<std::string> text;
  std::vector<std::pair<FieldTag, FieldValue>> values;

  // The body for `fields` at most (the entry's head and length are within the per-field slack).
  static std::size_t bound(std::span<const Field> fields) noexcept;
  void encode(EntryBody& body) const;
  static EntryError decode(ByteReader& in, ContextEntry& e);
  // Moves what decode() read into `store` (the strings) and `out` (the fields, viewing them).
  void take_fields(std::vector<std::string>& store, std::vector<Field>& out) &&;
};

}  // namespace ringlog::detail
