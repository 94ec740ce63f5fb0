// libFuzzer target: a record's argument bytes and type code as the backend and the decoder see
// them, without the binary log's framing in the way. Formats them (format_message), renders
// them as JSON, and passes them through the binary codec's compact form and back
// (encode/decode_compact_args). The type code is arbitrary bytes, so malformed and hostile
// composite types (deep nesting, huge counts, bad enums) reach the walker. Must never crash or
// read out of bounds (run with ASan/UBSan); a successful round trip must give back the same
// native bytes.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <vector>

#include "codec/compact_args.h"
#include "codec/format_guard.h"
#include "format/message.h"
#include "format/value_json.h"
#include "values/value_walk.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringlog::detail;
  // Layout: [type count] [types...] [format length] [format...] [argument bytes...]
  std::size_t at = 0;
  const auto take = [&](std::size_t n) {
    n = std::min(n, size - at);
    const std::uint8_t* p = data + at;
    at += n;
    return std::span<const std::uint8_t>(p, n);
  };
  const auto code_length = take(1);
  if (code_length.empty()) return 0;
  const auto code_bytes = take(code_length[0] % 65);
  // A copy, so reads past the code's end are caught by ASan (raw bytes: unknown kinds too).
  const std::vector<std::uint8_t> code_store(code_bytes.begin(), code_bytes.end());
  const std::span<const std::uint8_t> types(code_store);
  const auto format_length = take(1);
  const auto format_bytes = take(format_length.empty() ? 0 : format_length[0] % 64);
  const std::string_view format(reinterpret_cast<const char*>(format_bytes.data()),
                                format_bytes.size());
  const auto arg_bytes = take(size - at);
  const std::span<const std::byte> args(reinterpret_cast<const std::byte*>(arg_bytes.data()),
                                        arg_bytes.size());

  // Formats whose widths the decoder would refuse (codec/format_guard.h) are left out: fmt honours
  // "{:999999999}", a gigabyte per call, which is not a bug but would trip the RSS limit.
  const FormatCheck check = check_format(format);
  if (check.plausible && check.dynamic_args.empty()) {
    fmt::memory_buffer text;
    format_message(format, types, args, text);
  }

  fmt::memory_buffer json;
  for_each_arg(types, args,
               [&](ArgType, std::span<const std::uint8_t> c, std::span<const std::byte> b) {
                 append_json_value(json, c, b);
               });

  // The writer only ever sees the type codes of real call sites: well formed, no kFormatted
  // (the binary sink turns those into text first). Note the top-level kinds on the way.
  bool exact = true;
  std::size_t count = 0;
  for (TypeReader type(types); type.pos() < types.size(); ++count) {
    const auto kind = static_cast<ArgType>(types[type.pos()]);
    if (kind == ArgType::kFormatted || !skip_type(type, 0)) return 0;
    // Bools other than 0/1 are refused on the way back; long doubles come back with their
    // padding zeroed. Inside composite values both travel as they are.
    if (kind == ArgType::kBool || kind == ArgType::kLongDouble) exact = false;
  }
  std::vector<std::byte> compact(compact_args_bound(args.size(), count) + kCompactArgsSlack);
  std::vector<std::uint64_t> writer_prev(count);
  const std::byte* end = encode_compact_args(types, args, writer_prev.data(), compact.data());
  if (end == nullptr) return 0;  // bytes that do not match the signature: rejected, fine
  ByteReader in(compact.data(), end);
  std::vector<std::uint64_t> reader_prev(count);
  std::vector<std::byte> native;
  const bool decoded = decode_compact_args(types, in, reader_prev.data(), native);
  // Otherwise what went in comes out, byte for byte, and nothing is left over.
  if (exact) {
    if (!decoded || !in.empty()) __builtin_trap();
    if (native.size() > args.size() || !std::equal(native.begin(), native.end(), args.begin())) {
      __builtin_trap();
    }
  }
  return 0;
}
