#include "format/field_text.h"

#include <cstdint>
#include <string_view>
#include <variant>

namespace ringlog::detail {
namespace {

bool needs_quotes(std::string_view s) noexcept {
  if (s.empty()) return true;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F || c == '"' || c == '=' || c == '\\') return true;
  }
  return false;
}

void append_text(fmt::memory_buffer& out, std::string_view s) {
  if (!needs_quotes(s)) {
    out.append(s.data(), s.data() + s.size());
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(ch);
    } else if (c == '\n') {
      out.append(std::string_view("\\n"));
    } else if (c == '\r') {
      out.append(std::string_view("\\r"));
    } else if (c == '\t') {
      out.append(std::string_view("\\t"));
    } else if (c < 0x20 || c == 0x7F) {
      const char escaped[] = {'\\', 'x', kHex[c >> 4], kHex[c & 0xF]};
      out.append(escaped, escaped + sizeof escaped);
    } else {
      out.push_back(ch);
    }
  }
  out.push_back('"');
}

void append_field(fmt::memory_buffer& out, const Field& f) {
  out.push_back(' ');
  append_text(out, f.key);
  out.push_back('=');
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          append_text(out, v);
        } else {
          fmt::format_to(fmt::appender(out), "{}", v);
        }
      },
      f.value);
}

}  // namespace

void append_fields_text(fmt::memory_buffer& out, std::span<const Field> context,
                        std::span<const Field> fields) {
  for (const Field& f : context) append_field(out, f);
  for (const Field& f : fields) append_field(out, f);
}

}  // namespace ringlog::detail
