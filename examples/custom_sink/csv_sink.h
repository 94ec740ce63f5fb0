// A sink written against ringlog's public API only (ringlog/sinks.h): one CSV row per record,
// with the level, time, thread, logger, source, message and the fields as key=value pairs.
// Nothing here needs ringlog's internals; it is the shape any custom sink takes.
#pragma once

#include <cerrno>
#include <cstdio>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <variant>

#include "ringlog/ringlog.h"

namespace example {

class CsvSink final : public ringlog::Sink {
 public:
  explicit CsvSink(std::string path) : path_(std::move(path)) {}
  ~CsvSink() override { close(); }

  // Throwing from open() makes start() fail with this error (nothing is started then).
  void open(const ringlog::SinkContext& context) override {
    context_ = &context;
    file_ = std::fopen(path_.c_str(), "a");
    if (file_ == nullptr) {
      throw std::system_error(errno, std::generic_category(), "cannot open '" + path_ + "'");
    }
    std::fputs("unix_ns,level,thread,logger,source,message,fields\n", file_);
  }

  // Called for each record, from one thread at a time: no locking needed.
  void write(const ringlog::LogEvent& event) override {
    row_.clear();
    row_ += std::to_string(event.unix_ns());
    row_ += ',';
    row_ += ringlog::level_name(event.level());
    row_ += ',';
    append_quoted(event.thread().name);
    row_ += ',';
    append_quoted(event.logger_name());
    row_ += ',';
    append_quoted(std::string(event.file()) + ":" + std::to_string(event.line()));
    row_ += ',';
    append_quoted(event.message());
    row_ += ',';
    append_quoted(fields_text(event));
    row_ += '\n';
    if (std::fwrite(row_.data(), 1, row_.size(), file_) != row_.size()) {
      context_->lost_records(1);
      if (!failing_) context_->report("csv sink: cannot write '" + path_ + "'");
      failing_ = true;
    }
  }

  // Called after each batch: the rows go to the OS. Errors are reported, not thrown.
  void flush() override {
    if (std::fflush(file_) != 0 && !failing_) {
      failing_ = true;
      context_->report("csv sink: cannot flush '" + path_ + "'");
    }
  }

  void close() override {
    if (file_ != nullptr) std::fclose(file_);
    file_ = nullptr;
  }

  // "key=value key=value": the context fields, then the call's kv() fields.
  static std::string fields_text(const ringlog::LogEvent& event) {
    std::string text;
    const auto add = [&text](const ringlog::Field& field) {
      if (!text.empty()) text += ' ';
      text += field.key;
      text += '=';
      std::visit(
          [&text](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::string_view>) {
              text += v;
            } else if constexpr (std::is_same_v<V, bool>) {
              text += v ? "true" : "false";
            } else {
              text += std::to_string(v);
            }
          },
          field.value);
    };
    for (const ringlog::Field& field : event.context()) add(field);
    for (const ringlog::Field& field : event.fields()) add(field);
    return text;
  }

 private:
  // RFC 4180: quoted, with inner quotes doubled.
  void append_quoted(std::string_view text) {
    row_ += '"';
    for (const char c : text) {
      if (c == '"') row_ += '"';
      row_ += c;
    }
    row_ += '"';
  }

  std::string path_;
  const ringlog::SinkContext* context_ = nullptr;
  std::FILE* file_ = nullptr;
  std::string row_;  // reused: no allocation per record once it is large enough
  bool failing_ = false;
};

}  // namespace example
