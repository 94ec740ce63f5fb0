// The entries that say whose records follow: thread (a thread's identity and name, under a file
// id) and thread_switch (the records that follow come from this thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "codec/entries/entry_io.h"

namespace ringlog::detail {

// thread := id:varint index:varint os_id:varint name:string
struct ThreadDefinition {
  static constexpr EntryKind kKind = EntryKind::thread;
  std::uint32_t file_id = 0;
  std::uint32_t index = 0;  // ThreadInfo::index
  std::uint64_t os_id = 0;
  std::string_view name;

  // The whole entry at most: head, length, the three ids, the name. (Counting every varint at
  // its widest leaves room for a thread_switch after it, which the writer relies on.)
  static constexpr std::size_t bound(std::size_t name_size) noexcept {
    return 5 * kMaxVarintBytes + string_bound(name_size);
  }
  void encode(EntryBody& body) const {
    put_varint(body, file_id);
    put_varint(body, index);
    put_varint(body, os_id);
    put_string(body, name);
  }
  static EntryError decode(ByteReader& in, ThreadDefinition& e) {
    e.file_id = in.varint32();
    e.index = in.varint32();
    e.os_id = in.varint();
    e.name = in.string();
    return in.ok() ? EntryError{} : EntryError{"malformed thread entry"};
  }
};

// thread_switch := id:varint
struct ThreadSwitch {
  static constexpr EntryKind kKind = EntryKind::thread_switch;
  std::uint32_t file_id = 0;

  void encode(EntryBody& body) const { put_varint(body, file_id); }
  static EntryError decode(ByteReader& in, ThreadSwitch& e) {
    e.file_id = in.varint32();
    return in.ok() ? EntryError{} : EntryError{"malformed thread switch"};
  }
};

}  // namespace ringlog::detail
