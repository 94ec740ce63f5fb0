// One LogEvent -> one JSON object on one line (JSON Lines). Shared by the JSON sink and the
// decoder's --json output.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>

#include "format/otel_json.h"
#include "format/second_text.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

struct JsonLayoutOptions {
  // Adds "args" after the other members: the message's arguments, each with its JSON type
  // (ringlog-cat --json).
  bool args = false;
  // Digits of the second in "time": 0, 3, 6 or 9.
  int fraction_digits = 9;
  // OpenTelemetry log data model names instead (format/otel_json.h); `args` does not apply.
  bool otel = false;
  std::string service_name{};  // otel: the resource's "service.name"
  std::string host_name{};     // otel: the resource's "host.name"
};

// A kv() or context field's value as JSON: numbers (non-finite doubles as "nan", "inf",
// "-inf"), true/false, or a string through append_json_string().
void append_json_field_value(fmt::memory_buffer& out, const FieldValue& value);

class JsonLayout {
 public:
  JsonLayout() = default;
  explicit JsonLayout(JsonLayoutOptions options) : options_(options) {
    if (options_.otel) otel_.emplace(options_.service_name, options_.host_name);
  }

  // Appends the object for `event` and '\n':
  //   {"time":"2024-05-01T12:00:00.123456789Z","level":"INFO","logger":"gw","thread":"main",
  //    "tid":1234,"source":"gw.cpp:42","function":"run","message":"...",
  //    "context":{"order_id":42},"fields":{"px":101.25},"args":[...]}
  // With the otel option, OtelJson::format()'s object instead.
  // "context" and "fields" appear only when non-empty, "args" only when asked for. Times are UTC.
  // Numbers are JSON numbers except non-finite doubles, which are strings ("nan", "inf", "-inf").
  // Strings go through append_json_string(), so the line is valid JSON and UTF-8 whatever they
  // hold. A key repeated among the kv() fields appears once, with its last value. Not thread-safe
  // (caches the formatted second): one layout per sink.
  void format(const LogEvent& event, fmt::memory_buffer& out);

 private:
  void append_time(std::int64_t unix_ns, fmt::memory_buffer& out);

  JsonLayoutOptions options_;
  std::optional<OtelJson> otel_;
  SecondText second_text_{'T', true};
};

}  // namespace ringlog::detail
