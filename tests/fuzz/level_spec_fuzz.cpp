// libFuzzer target: the level grammar (RINGLOG_LEVEL, set_levels()) on arbitrary bytes. It must
// not crash, and every problem it reports must be one printable line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "frontend/level_spec.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto spec = ringlog::detail::parse_level_spec(text);
  for (const auto& problem : spec.problems) {
    for (const char c : problem) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u >= 0x7f) std::abort();
    }
  }
  for (const auto& [name, level] : spec.named) {
    if (name.empty() || level > ringlog::Level::off) std::abort();
  }
  return 0;
}
