// ringlog-cat --json: one JSON object per record, one per line: the JSON sink's layout
// (src/format/json_layout.h) with "args", each argument of the message typed; or, with
// --json=otel, the JSON sink's OpenTelemetry option (src/format/otel_json.h).
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>

#include "codec/file_header.h"
#include "format/json_layout.h"
#include "ringlog/sinks.h"

namespace ringlog::cat {

class JsonRecords {
 public:
  // otel: OpenTelemetry names, with the resource's service.name and host.name taken from
  // `service_name` / `host_name`, or when empty from each input's header (the program and host
  // that wrote it, which the live sink uses by default too).
  explicit JsonRecords(bool otel = false, std::string service_name = {}, std::string host_name = {})
      : otel_(otel), service_name_(std::move(service_name)), host_name_(std::move(host_name)) {
    if (!otel_) layout_.emplace(detail::JsonLayoutOptions{.args = true});
  }

  // Appends {"time":..,"level":..,...,"context":{..},"fields":{..},"args":[...]} and '\n'
  // (the OpenTelemetry object with otel). Arguments keep their type: numbers (non-finite floats
  // as "nan"/"inf"/"-inf"), true/false, strings (chars and pointers too). Valid JSON and UTF-8
  // whatever the strings hold. Not thread-safe (the layout caches the formatted second).
  void append(const LogEvent& event, const detail::FileHeader& header, fmt::memory_buffer& out) {
    if (otel_) {
      const std::string& service = service_name_.empty() ? header.program : service_name_;
      const std::string& host = host_name_.empty() ? header.host : host_name_;
      if (!layout_ || service != resource_service_ || host != resource_host_) {
        resource_service_ = service;
        resource_host_ = host;
        layout_.emplace(
            detail::JsonLayoutOptions{.otel = true, .service_name = service, .host_name = host});
      }
    }
    layout_->format(event, out);
  }
  // The same for a record with no file header (otel: the resource from the constructor only).
  void append(const LogEvent& event, fmt::memory_buffer& out) {
    static const detail::FileHeader kNoHeader;
    append(event, kNoHeader, out);
  }

 private:
  bool otel_;
  std::string service_name_, host_name_;          // from the command line
  std::string resource_service_, resource_host_;  // the layout's current resource
  std::optional<detail::JsonLayout> layout_;
};

}  // namespace ringlog::cat
