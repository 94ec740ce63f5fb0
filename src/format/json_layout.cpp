#include "format/json_layout.h"

#include <cmath>
#include <span>
#include <string_view>
#include <variant>

#include "format/buffer_append.h"
#include "format/json_escape.h"
#include "format/text_layout.h"
#include "format/value_json.h"
#include "values/arg_walk.h"

namespace ringlog::detail {

void append_json_field_value(fmt::memory_buffer& out, const FieldValue& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string_view>) {
          append_json_string(out, v);
        } else if constexpr (std::is_same_v<T, bool>) {
          append(out, v ? "true" : "false");
        } else if constexpr (std::is_same_v<T, double>) {
          if (std::isfinite(v)) {
            fmt::format_to(fmt::appender(out), "{}", v);
          } else {
            append(out, std::isnan(v) ? "\"nan\"" : (v > 0 ? "\"inf\"" : "\"-inf\""));
          }
        } else {
          fmt::format_to(fmt::appender(out), "{}", v);
        }
      },
      value);
}

namespace {

// ,"name":{"k":v,...} — skipping a field whose key comes again later in the list.
void append_object(fmt::memory_buffer& out, std::string_view name, std::span<const Field> fields) {
  if (fields.empty()) return;
  out.push_back(',');
  append_json_string(out, name);
  append(out, ":{");
  bool first = true;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    bool repeated = false;
    for (std::size_t j = i + 1; j < fields.size() && !repeated; ++j) {
      repeated = fields[j].key == fields[i].key;
    }
    if (repeated) continue;
    if (!first) out.push_back(',');
    first = false;
    append_json_string(out, fields[i].key);
    out.push_back(':');
    append_json_field_value(out, fields[i].value);
  }
  out.push_back('}');
}

// ,"args":[v,...]: each message argument as JSON of its own type.
void append_args(fmt::memory_buffer& out, const LogEvent& e) {
  append(out, ",\"args\":[");
  bool first = true;
  for_each_arg(e.site().message_code(), e.args(),
               [&](ArgType, std::span<const std::uint8_t> code, std::span<const std::byte> b) {
                 if (!first) out.push_back(',');
                 first = false;
                 append_json_value(out, code, b);
               });
  out.push_back(']');
}

std::string_view trimmed_level(Level level) noexcept {
  std::string_view name = level_name(level);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return name;
}

}  // namespace

void JsonLayout::append_time(std::int64_t unix_ns, fmt::memory_buffer& out) {
  std::int64_t nanos = 0;
  const std::string_view text = second_text_.render(unix_ns, nanos);
  out.push_back('"');
  append(out, text);
  append_fraction(out, nanos, options_.fraction_digits);
  append(out, "Z\"");
}

void JsonLayout::format(const LogEvent& e, fmt::memory_buffer& out) {
  if (otel_) {
    otel_->format(e, out);
    return;
  }
  const CallSite& site = e.site();
  append(out, "{\"time\":");
  append_time(e.unix_ns(), out);
  append(out, ",\"level\":\"");
  append(out, trimmed_level(site.level));
  append(out, "\",\"logger\":");
  append_json_string(out, site.logger_name);
  append(out, ",\"thread\":");
  append_json_string(out, e.thread().name);
  fmt::format_to(fmt::appender(out), ",\"tid\":{},\"source\":", e.thread().os_id);
  fmt::memory_buffer source;
  fmt::format_to(fmt::appender(source), "{}:{}", base_name(site.file), site.line);
  append_json_string(out, {source.data(), source.size()});
  append(out, ",\"function\":");
  append_json_string(out, site.function);
  append(out, ",\"message\":");
  append_json_string(out, e.message());
  append_object(out, "context", e.context());
  append_object(out, "fields", e.fields());
  if (options_.args) append_args(out, e);
  append(out, "}\n");
}

}  // namespace ringlog::detail
