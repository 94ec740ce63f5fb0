// The layouts that write one line per record: pattern text and JSON Lines.
#include <errno.h>
#include <unistd.h>

#include <climits>
#include <optional>

#include "format/json_layout.h"
#include "format/text_layout.h"
#include "sinks/record_layout.h"

namespace ringlog::detail {
namespace {

class PatternLayout final : public RecordLayout {
 public:
  explicit PatternLayout(const Layout& layout) : spec_(layout) {}

  void open(const SinkContext& context, fmt::memory_buffer& out) override {
    const Config& config = *context.config;
    layout_.emplace(spec_.pattern.value_or(config.pattern),
                    spec_.utc_time.value_or(config.utc_time),
                    spec_.append_fields.value_or(config.append_fields),
                    fraction_digits(spec_.time_precision.value_or(TimePrecision::nanos)));
    out_ = &out;
  }
  bool append(const LogEvent& event, bool colour) override {
    layout_->format(event, *out_, colour);
    return true;
  }

 private:
  Layout spec_;
  std::optional<TextLayout> layout_;  // built at open(), from Config's defaults
  fmt::memory_buffer* out_ = nullptr;
};

// The resource names of the OpenTelemetry option: the given ones, or this process's.
JsonLayoutOptions json_options(const JsonOptions& o, int fraction_digits) {
  JsonLayoutOptions options;
  options.fraction_digits = fraction_digits;
  options.otel = o.otel;
  if (!o.otel) return options;
  options.service_name = o.service_name.empty() ? program_invocation_short_name : o.service_name;
  options.host_name = o.host_name;
  if (options.host_name.empty()) {
    char host[HOST_NAME_MAX + 1] = {};
    if (::gethostname(host, sizeof host - 1) == 0) options.host_name = host;
  }
  return options;
}

class JsonLinesLayout final : public RecordLayout {
 public:
  explicit JsonLinesLayout(const Layout& layout)
      : layout_(json_options(
            layout.json, fraction_digits(layout.time_precision.value_or(TimePrecision::nanos)))) {}
  void open([[maybe_unused]] const SinkContext& context, fmt::memory_buffer& out) override {
    out_ = &out;
  }
  bool append(const LogEvent& event, [[maybe_unused]] bool colour) override {
    layout_.format(event, *out_);
    return true;
  }

 private:
  JsonLayout layout_;
  fmt::memory_buffer* out_ = nullptr;
};

}  // namespace

std::unique_ptr<RecordLayout> make_pattern_layout(const Layout& layout) {
  return std::make_unique<PatternLayout>(layout);
}

std::unique_ptr<RecordLayout> make_json_lines_layout(const Layout& layout) {
  return std::make_unique<JsonLinesLayout>(layout);
}

}  // namespace ringlog::detail
