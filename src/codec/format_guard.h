// Guards the decoder against format strings from a hostile or corrupt file: fmt honours any
// width or precision, so "{:999999999}" would make one record allocate a gigabyte. The live
// backend needs no guard (its format strings are checked at compile time by fmt).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace ringlog::detail {

// Widest field width or precision the decoder formats.
inline constexpr std::int64_t kMaxFormatWidth = 4096;

struct FormatCheck {
  bool plausible = true;  // false: a literal number in a replacement field exceeds the limit
  // Arguments used as dynamic width or precision ("{:{}}"): their values must be checked per
  // record (see dynamic_widths_ok in the reader).
  std::vector<std::uint32_t> dynamic_args;
};

FormatCheck check_format(std::string_view format);

}  // namespace ringlog::detail
