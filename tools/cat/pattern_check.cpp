#include "cat/pattern_check.h"

#include <stdexcept>
#include <string>

#include "format/text_layout.h"

namespace ringlog::cat {

detail::BinaryReader::PatternCheck text_pattern_check() {
  return [](const std::string& pattern, bool utc) -> std::string {
    try {
      detail::TextLayout probe(pattern, utc);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return {};
  };
}

}  // namespace ringlog::cat
