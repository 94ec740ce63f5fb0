// One LogEvent -> one JSON object named after the OpenTelemetry log data model, on one line:
// the JSON layout's OpenTelemetry option (JsonLayoutOptions::otel), for log collectors.
#pragma once

#include <fmt/format.h>

#include <string>

#include "ringlog/sinks.h"

namespace ringlog::detail {

// OpenTelemetry SeverityNumber of a level: trace 1, debug 5, info 9, warn 13, error 17,
// critical 21 (FATAL); and its short name (TRACE ... FATAL).
int otel_severity_number(Level level) noexcept;
std::string_view otel_severity_text(Level level) noexcept;

class OtelJson {
 public:
  // `service_name` and `host_name` are the resource's "service.name" and "host.name".
  OtelJson(std::string service_name, std::string host_name);

  // Appends the object for `event` and '\n':
  //   {"timestamp":"1700000000123456789","severity_text":"INFO","severity_number":9,
  //    "body":"...","attributes":{"thread.name":"main","thread.id":1234,
  //    "code.filepath":"src/gw.cpp","code.lineno":42,"code.function":"run",
  //    "logger.name":"gw","order_id":42,...},"resource":{"service.name":"gw","host.name":"h1"}}
  // timestamp: nanoseconds since 1970 UTC as a decimal string (a JSON number would lose digits
  // in parsers that read numbers as doubles; OTLP/JSON writes its 64-bit times as strings too).
  // attributes: the record's own, then the context fields, then the kv() fields; a key given
  // again later (a field named like an attribute before it) appears once, with the later value.
  // Values and escaping as JsonLayout. Stateless: safe to share between threads.
  void format(const LogEvent& event, fmt::memory_buffer& out) const;

 private:
  std::string resource_;  // the "resource" member's text, rendered once
};

}  // namespace ringlog::detail
