#include "sinks/syslog_message.h"

#include <cmath>
#include <variant>

#include "format/buffer_append.h"
#include "format/field_text.h"
#include "format/text_layout.h"

namespace ringlog::detail {
namespace {

constexpr std::size_t kMaxSdName = 32;  // RFC 5424: SD-NAME = 1*32PRINTUSASCII

bool printable_ascii(char c) noexcept {
  return c >= '!' && c <= '~';
}

// A PARAM-VALUE: the text escaped as text sinks escape it (no control byte survives), then '"',
// '\' and ']' escaped with '\' as RFC 5424 6.3.3 requires.
void append_param_value(fmt::memory_buffer& out, std::string_view text) {
  fmt::memory_buffer plain;
  append_escaped(plain, text);
  for (const char c : std::string_view(plain.data(), plain.size())) {
    if (c == '"' || c == '\\' || c == ']') out.push_back('\\');
    out.push_back(c);
  }
}

void append_param(fmt::memory_buffer& out, std::string_view name, std::string_view value) {
  out.push_back(' ');
  append(out, syslog_sd_name(name));
  append(out, "=\"");
  append_param_value(out, value);
  out.push_back('"');
}

void append_field(fmt::memory_buffer& out, const Field& field) {
  fmt::memory_buffer text;
  std::visit(
      [&text](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          append(text, v);
        } else if constexpr (std::is_same_v<T, bool>) {
          append(text, v ? "true" : "false");
        } else {
          fmt::format_to(fmt::appender(text), "{}", v);
        }
      },
      field.value);
  append_param(out, field.key, {text.data(), text.size()});
}

// The largest size <= `size` that does not end inside a UTF-8 sequence starting after `floor`.
std::size_t utf8_cut(const fmt::memory_buffer& out, std::size_t floor, std::size_t size) {
  std::size_t cut = size;
  while (cut > floor && (static_cast<unsigned char>(out.data()[cut]) & 0xC0) == 0x80) --cut;
  return cut;
}

}  // namespace

std::string syslog_header_field(std::string_view text, std::size_t max_length) {
  if (text.empty()) return "-";
  std::string field(text.substr(0, max_length));
  for (char& c : field) {
    if (!printable_ascii(c)) c = '_';
  }
  return field;
}

std::string syslog_sd_name(std::string_view text) {
  std::string name = syslog_header_field(text, kMaxSdName);
  for (char& c : name) {
    if (c == '=' || c == ']' || c == '"') c = '_';
  }
  return name == "-" ? "_" : name;
}

int syslog_severity(Level level) noexcept {
  switch (level) {
    case Level::trace:
    case Level::debug:
      return 7;
    case Level::info:
      return 6;
    case Level::warn:
      return 4;
    case Level::error:
      return 3;
    case Level::critical:
    case Level::off:
      return 2;
  }
  return 2;
}

SyslogMessage::SyslogMessage(SyslogHeader header, std::size_t max_bytes)
    : header_(std::move(header)), max_bytes_(max_bytes) {}

void SyslogMessage::append_timestamp(std::int64_t unix_ns, fmt::memory_buffer& out) {
  std::int64_t nanos = 0;
  append(out, second_text_.render(unix_ns, nanos));
  out.push_back('.');
  // TIME-SECFRAC holds at most 6 digits.
  append_digits(out, static_cast<std::uint64_t>(nanos / 1000), 6);
  out.push_back('Z');
}

void SyslogMessage::append_structured_data(const LogEvent& e, fmt::memory_buffer& out) {
  out.push_back('[');
  append(out, header_.sd_id);
  append_param(out, "logger", e.logger_name());
  append_param(out, "thread", e.thread().name);
  fmt::memory_buffer source;
  fmt::format_to(fmt::appender(source), "{}:{}", base_name(e.file()), e.line());
  append_param(out, "source", {source.data(), source.size()});
  for (const Field& f : e.context()) append_field(out, f);
  for (const Field& f : e.fields()) append_field(out, f);
  out.push_back(']');
}

void SyslogMessage::format(const LogEvent& e, fmt::memory_buffer& out) {
  out.clear();
  const int pri = static_cast<int>(header_.facility) * 8 + syslog_severity(e.level());
  fmt::format_to(fmt::appender(out), "<{}>1 ", pri);
  append_timestamp(e.unix_ns(), out);
  for (const std::string* field :
       {&header_.hostname, &header_.app_name, &header_.procid, &header_.msgid}) {
    out.push_back(' ');
    append(out, *field);
  }
  out.push_back(' ');
  append_structured_data(e, out);
  out.push_back(' ');
  const std::size_t msg_start = out.size();
  append_escaped(out, e.message());
  if (out.size() > max_bytes_) cut(e, msg_start, out);
}

void SyslogMessage::cut(const LogEvent& e, std::size_t msg_start, fmt::memory_buffer& out) {
  if (msg_start < max_bytes_) {
    out.resize(utf8_cut(out, msg_start, max_bytes_));
    return;
  }
  // The structured data alone is too long: NILVALUE instead, and as much MSG as fits. The
  // header fields hold no space, so the SD starts after the sixth one (PRI..MSGID).
  fmt::memory_buffer message;
  append_escaped(message, e.message());
  std::size_t header_end = 0;
  std::size_t spaces = 0;
  for (std::size_t i = 0; i < out.size() && spaces < 6; ++i) {
    if (out.data()[i] == ' ' && ++spaces == 6) header_end = i + 1;
  }
  out.resize(header_end);
  append(out, "- ");
  const std::size_t start = out.size();
  append(out, {message.data(), message.size()});
  if (out.size() > max_bytes_) out.resize(utf8_cut(out, start, max_bytes_));
}

}  // namespace ringlog::detail
