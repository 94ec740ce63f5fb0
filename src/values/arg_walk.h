// A record's encoded arguments, one by one: the split that every consumer of a record needs
// (the message formatter, the JSON layout, the decoder's format guard). Plain knowledge of the
// encoding (ringlog/detail/arg_codec.h, value_codec.h): both codec/ and format/ depend on it.
#pragma once

#include <cstddef>
#include <cstring>
#include <span>

#include "ringlog/detail/arg_codec.h"
#include "values/value_walk.h"

namespace ringlog::detail {

// The value of type T stored at the start of `bytes` (a record's native argument encoding;
// the caller has checked the size).
template <typename T>
T load_native(std::span<const std::byte> bytes) noexcept {
  T v;
  std::memcpy(&v, bytes.data(), sizeof v);
  return v;
}

// Calls `visit(kind, arg_code, value_bytes)` for each encoded argument: `arg_code` is the
// argument's own type code (one byte for a scalar or string), `value_bytes` a string's payload
// without its length prefix, a scalar's bytes, or a composite value's whole encoding (checked
// against its type code). Returns false when the bytes end early or do not match the code.
template <typename Visitor>
bool for_each_arg(std::span<const std::uint8_t> code, std::span<const std::byte> args,
                  Visitor&& visit) {
  std::size_t pos = 0;
  for (std::size_t at = 0; at < code.size();) {
    const auto t = static_cast<ArgType>(code[at]);
    std::size_t n = fixed_arg_size(t);
    if (n != 0) {  // scalars and strings: the common case, no walk
      if (args.size() - pos < n) return false;
      if (t == ArgType::kString) {
        StringLength len;
        std::memcpy(&len, args.data() + pos, sizeof len);
        pos += sizeof len;
        if (args.size() - pos < len) return false;
        n = len;
      }
      visit(t, code.subspan(at, 1), args.subspan(pos, n));
      pos += n;
      ++at;
      continue;
    }
    const std::size_t type_at = at;
    const auto extent = value_extent(code, at, args.subspan(pos));
    if (!extent) return false;
    visit(t, code.subspan(type_at, at - type_at), args.subspan(pos, *extent));
    pos += *extent;
  }
  return true;
}

}  // namespace ringlog::detail
