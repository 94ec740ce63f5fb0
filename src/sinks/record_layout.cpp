#include "sinks/record_layout.h"

#include <stdexcept>
#include <string>

namespace ringlog::detail {

std::unique_ptr<RecordLayout> make_record_layout(const Layout& layout) {
  switch (layout.kind) {
    case Layout::Kind::pattern:
      return make_pattern_layout(layout);
    case Layout::Kind::json_lines:
      return make_json_lines_layout(layout);
    case Layout::Kind::binary:
      return make_binary_layout();
  }
  throw std::invalid_argument("ringlog: unknown Layout::Kind " +
                              std::to_string(static_cast<int>(layout.kind)));
}

}  // namespace ringlog::detail
