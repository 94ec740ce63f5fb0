#include "format/json_escape.h"

#include <cstdint>

namespace ringlog::detail {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr char kHex[] = "0123456789abcdef";

void append(fmt::memory_buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

// Length of the well-formed UTF-8 sequence starting at text[i] (2..4), or 0 when the bytes there
// are not one. Follows the table of well-formed sequences in the Unicode standard (ch. 3.9):
// the second byte's range depends on the lead byte, which rules out overlongs and surrogates.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto byte = [&](std::size_t k) { return static_cast<std::uint8_t>(text[k]); };
  const std::uint8_t lead = byte(i);
  std::size_t length;
  std::uint8_t low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;   // no overlong 3-byte forms
    if (lead == 0xED) high = 0x9F;  // no UTF-16 surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;   // no overlong 4-byte forms
    if (lead == 0xF4) high = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (text.size() - i < length) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return length;
}

// Bytes to skip for one U+FFFD: the lead byte plus the continuation bytes that could still have
// completed a valid sequence (the "maximal subpart" rule of the Unicode standard), at least one.
// Only called where utf8_sequence_length() found no valid sequence, so it stops short of one.
std::size_t bad_sequence_length(std::string_view text, std::size_t i) noexcept {
  const auto lead = static_cast<std::uint8_t>(text[i]);
  const std::size_t expected = lead >= 0xF0 && lead <= 0xF4   ? 4
                               : lead >= 0xE0 && lead <= 0xEF ? 3
                               : lead >= 0xC2 && lead <= 0xDF ? 2
                                                              : 1;
  std::size_t n = 1;
  while (n < expected && i + n < text.size()) {
    const auto next = static_cast<std::uint8_t>(text[i + n]);
    std::uint8_t low = 0x80, high = 0xBF;
    if (n == 1) {
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    }
    if (next < low || next > high) break;
    ++n;
  }
  return n;
}

}  // namespace

void append_json_string(fmt::memory_buffer& out, std::string_view text) {
  out.push_back('"');
  std::size_t run = 0;  // start of the current stretch of bytes copied unchanged
  std::size_t i = 0;
  const auto flush_run = [&](std::size_t end) { out.append(text.data() + run, text.data() + end); };
  while (i < text.size()) {
    const auto c = static_cast<std::uint8_t>(text[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      const std::size_t n = utf8_sequence_length(text, i);
      if (n != 0) {
        i += n;
        continue;
      }
      flush_run(i);
      append(out, kReplacement);
      i += bad_sequence_length(text, i);
      run = i;
      continue;
    }
    flush_run(i);
    switch (c) {
      case '"':
        append(out, "\\\"");
        break;
      case '\\':
        append(out, "\\\\");
        break;
      case '\n':
        append(out, "\\n");
        break;
      case '\r':
        append(out, "\\r");
        break;
      case '\t':
        append(out, "\\t");
        break;
      case '\b':
        append(out, "\\b");
        break;
      case '\f':
        append(out, "\\f");
        break;
      default: {
        const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escaped, escaped + sizeof escaped);
      }
    }
    ++i;
    run = i;
  }
  flush_run(i);
  out.push_back('"');
}

std::string json_quote(std::string_view text) {
  fmt::memory_buffer out;
  append_json_string(out, text);
  return std::string(out.data(), out.size());
}

}  // namespace ringlog::detail
