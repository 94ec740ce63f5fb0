// libFuzzer target: a record's argument bytes and signature as the backend and the decoder see
// them, without the binary log's framing in the way. Formats them (format_message), and passes
// them through the binary codec's compact form and back (encode/decode_compact_args). Must
// never crash or read out of bounds (run with ASan/UBSan); a successful round trip must give
// back the same native bytes.
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
  const auto count_byte = take(1);
  if (count_byte.empty()) return 0;
  const auto type_bytes = take(count_byte[0] % 9);
  std::array<ArgType, 8> type_store{};
  // Raw bytes, so unknown type values (0, 16..255) reach the decoders too.
  for (std::size_t i = 0; i < type_bytes.size(); ++i) {
    type_store[i] = static_cast<ArgType>(type_bytes[i]);
  }
  const std::span<const ArgType> types(type_store.data(), type_bytes.size());
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

  if (!std::all_of(types.begin(), types.end(),
                   [](ArgType t) { return is_known_arg_type(static_cast<std::uint8_t>(t)); })) {
    return 0;  // the writer only ever sees signatures of real call sites
  }
  std::vector<std::byte> compact(compact_args_bound(args.size(), types.size()) + kCompactArgsSlack);
  std::array<std::uint64_t, 8> writer_prev{};
  const std::byte* end = encode_compact_args(types, args, writer_prev.data(), compact.data());
  if (end == nullptr) return 0;  // bytes that do not match the signature: rejected, fine
  ByteReader in(compact.data(), end);
  std::array<std::uint64_t, 8> reader_prev{};
  std::vector<std::byte> native;
  const bool decoded = decode_compact_args(types, in, reader_prev.data(), native);
  // Bools other than 0/1 are refused on the way back; long doubles come back with their
  // padding zeroed. Otherwise what went in comes out, byte for byte, and nothing is left over.
  const bool exact = std::none_of(types.begin(), types.end(), [](ArgType t) {
    return t == ArgType::kBool || t == ArgType::kLongDouble;
  });
  if (exact) {
    if (!decoded || !in.empty()) __builtin_trap();
    if (native.size() > args.size() || !std::equal(native.begin(), native.end(), args.begin())) {
      __builtin_trap();
    }
  }
  return 0;
}
