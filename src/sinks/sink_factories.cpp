// The public ways to make a sink: a target (console, file, rotating file by size or by time) with
// a layout.
#include <memory>
#include <stdexcept>
#include <string>

#include "sinks/layout_sink.h"

namespace ringlog {

Layout pattern_layout(std::optional<std::string> pattern, std::optional<bool> utc_time,
                      std::optional<TimePrecision> precision) {
  Layout layout;
  layout.kind = Layout::Kind::pattern;
  layout.pattern = std::move(pattern);
  layout.utc_time = utc_time;
  layout.time_precision = precision;
  return layout;
}

Layout json_lines_layout() {
  Layout layout;
  layout.kind = Layout::Kind::json_lines;
  return layout;
}

Layout json_lines_layout(JsonOptions options) {
  Layout layout = json_lines_layout();
  layout.json = std::move(options);
  return layout;
}

Layout binary_layout() {
  Layout layout;
  layout.kind = Layout::Kind::binary;
  return layout;
}

SinkPtr console_sink(ConsoleStream stream, Colour colour) {
  return console_sink(pattern_layout(), stream, colour);
}

SinkPtr console_sink(Layout layout, ConsoleStream stream, Colour colour) {
  return std::make_shared<detail::LayoutSink>(detail::ConsoleTarget{stream, colour}, layout);
}

SinkPtr file_sink(std::string path) {
  return file_sink(std::move(path), pattern_layout());
}

SinkPtr file_sink(std::string path, Layout layout) {
  return std::make_shared<detail::LayoutSink>(detail::FileTarget(std::move(path), 0, 0), layout);
}

SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups) {
  return rotating_file_sink(std::move(path), max_bytes, max_backups, pattern_layout());
}

SinkPtr rotating_file_sink(std::string path, std::size_t max_bytes, std::size_t max_backups,
                           Layout layout) {
  if (max_bytes == 0) throw std::invalid_argument("ringlog: rotating_file_sink max_bytes = 0");
  return std::make_shared<detail::LayoutSink>(
      detail::FileTarget(std::move(path), max_bytes, max_backups), layout);
}

SinkPtr time_rotating_file_sink(std::string path, TimeRotation rotation, Layout layout) {
  return std::make_shared<detail::LayoutSink>(detail::FileTarget(std::move(path), rotation),
                                              layout);
}

SinkPtr time_rotating_file_sink(std::string path, RotateEvery every, std::size_t retention,
                                Layout layout) {
  TimeRotation rotation;
  rotation.every = every;
  rotation.retention = retention;
  return time_rotating_file_sink(std::move(path), rotation, std::move(layout));
}

SinkPtr json_file_sink(std::string path) {
  return file_sink(std::move(path), json_lines_layout());
}

SinkPtr binary_file_sink(std::string path) {
  return file_sink(std::move(path), binary_layout());
}

SinkPtr rotating_binary_file_sink(std::string path, std::size_t max_bytes,
                                  std::size_t max_backups) {
  if (max_bytes == 0) {
    throw std::invalid_argument("ringlog: rotating_binary_file_sink max_bytes = 0");
  }
  return rotating_file_sink(std::move(path), max_bytes, max_backups, binary_layout());
}

}  // namespace ringlog
