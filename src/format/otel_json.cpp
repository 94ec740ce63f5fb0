#include "format/otel_json.h"

#include <array>
#include <span>

#include "format/buffer_append.h"
#include "format/json_escape.h"
#include "format/json_layout.h"

namespace ringlog::detail {
namespace {

// An attribute of the record itself, under its semantic-convention name.
struct Attribute {
  std::string_view key;
  FieldValue value;
};

bool key_in(std::string_view key, std::span<const Field> fields) noexcept {
  for (const Field& f : fields) {
    if (f.key == key) return true;
  }
  return false;
}

void append_member(fmt::memory_buffer& out, bool& first, std::string_view key,
                   const FieldValue& value) {
  if (!first) out.push_back(',');
  first = false;
  append_json_string(out, key);
  out.push_back(':');
  append_json_field_value(out, value);
}

// Each of `fields` whose key does not come again in the rest of `fields` or in `later`.
void append_fields(fmt::memory_buffer& out, bool& first, std::span<const Field> fields,
                   std::span<const Field> later) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (key_in(fields[i].key, fields.subspan(i + 1)) || key_in(fields[i].key, later)) continue;
    append_member(out, first, fields[i].key, fields[i].value);
  }
}

}  // namespace

int otel_severity_number(Level level) noexcept {
  switch (level) {
    case Level::trace:
      return 1;
    case Level::debug:
      return 5;
    case Level::info:
      return 9;
    case Level::warn:
      return 13;
    case Level::error:
      return 17;
    case Level::critical:
    case Level::off:
      return 21;
  }
  return 21;
}

std::string_view otel_severity_text(Level level) noexcept {
  static constexpr std::array<std::string_view, 6> kNames = {"TRACE", "DEBUG", "INFO",
                                                             "WARN",  "ERROR", "FATAL"};
  const auto i = static_cast<std::size_t>(level);
  return i < kNames.size() ? kNames[i] : kNames.back();
}

OtelJson::OtelJson(std::string service_name, std::string host_name) {
  fmt::memory_buffer text;
  append(text, ",\"resource\":{\"service.name\":");
  append_json_string(text, service_name);
  append(text, ",\"host.name\":");
  append_json_string(text, host_name);
  append(text, "}}\n");
  resource_.assign(text.data(), text.size());
}

void OtelJson::format(const LogEvent& e, fmt::memory_buffer& out) const {
  append(out, "{\"timestamp\":\"");
  append_decimal(out, static_cast<std::int64_t>(e.unix_ns()));
  append(out, "\",\"severity_text\":\"");
  append(out, otel_severity_text(e.level()));
  append(out, "\",\"severity_number\":");
  append_decimal(out, static_cast<std::int64_t>(otel_severity_number(e.level())));
  append(out, ",\"body\":");
  append_json_string(out, e.message());
  append(out, ",\"attributes\":{");
  const std::span<const Field> context = e.context();
  const std::span<const Field> fields = e.fields();
  const Attribute own[] = {
      {"thread.name", e.thread().name}, {"thread.id", e.thread().os_id},
      {"code.filepath", e.file()},      {"code.lineno", std::uint64_t{e.line()}},
      {"code.function", e.function()},  {"logger.name", e.logger_name()},
  };
  bool first = true;
  for (const Attribute& a : own) {
    if (key_in(a.key, context) || key_in(a.key, fields)) continue;
    append_member(out, first, a.key, a.value);
  }
  append_fields(out, first, context, fields);
  append_fields(out, first, fields, {});
  out.push_back('}');
  append(out, resource_);
}

}  // namespace ringlog::detail
