// Record arguments -> the rendered message. The one formatting path: the live backend, sync
// loggers and the offline decoder all come through here.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstring>
#include <span>
#include <string_view>

#include "ringlog/detail/arg_codec.h"

namespace ringlog::detail {

// The value of type T stored at the start of `bytes` (a record's native argument encoding;
// the caller has checked the size).
template <typename T>
T load_native(std::span<const std::byte> bytes) noexcept {
  T v;
  std::memcpy(&v, bytes.data(), sizeof v);
  return v;
}

// Appends `format` applied to the encoded `args` (typed by `types`) to `out`. Returns false, and
// appends a "<bad record: ...>" note instead, when the bytes do not match the signature or fmt
// rejects the format at run time (possible only for data from outside this process).
bool format_message(std::string_view format, std::span<const ArgType> types,
                    std::span<const std::byte> args, fmt::memory_buffer& out);

// Calls `visit(type, value_bytes)` for each encoded argument, string payloads without their length
// prefix. Returns false when the bytes end early or a type is unknown.
template <typename Visitor>
bool for_each_arg(std::span<const ArgType> types, std::span<const std::byte> args,
                  Visitor&& visit) {
  std::size_t pos = 0;
  for (ArgType t : types) {
    std::size_t n = fixed_arg_size(t);
    if (n == 0 || args.size() - pos < n) return false;
    if (t == ArgType::kString) {
      StringLength len;
      std::memcpy(&len, args.data() + pos, sizeof len);
      pos += sizeof len;
      if (args.size() - pos < len) return false;
      n = len;
    }
    visit(t, args.subspan(pos, n));
    pos += n;
  }
  return true;
}

}  // namespace ringlog::detail
