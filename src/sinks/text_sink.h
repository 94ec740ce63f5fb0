// Common body of the text sinks: lay each record out with the configured pattern into a buffer
// that the concrete sink writes to its file descriptor.
#pragma once

#include <memory>
#include <optional>

#include "format/text_layout.h"
#include "ringlog/sinks.h"
#include "sinks/fd_writer.h"

namespace ringlog::detail {

class TextSink : public Sink {
 public:
  void open(const SinkContext& context) override {
    layout_.emplace(context.config->pattern, context.config->utc_time,
                    context.config->append_fields);
    context_ = &context;
    open_target(context);
  }
  void write(const LogEvent& event) override {
    const std::size_t start = writer_.buffer().size();
    layout_->format(event, writer_.buffer(), colour_);
    record_added(start);
    // Bound the buffer when single records are huge; normally the batch flush empties it.
    if (writer_.buffer().size() > kMaxBuffered) flush();
  }
  void flush() override { writer_.flush(); }
  void close() override {
    flush();
    writer_.close();
  }

 protected:
  static constexpr std::size_t kMaxBuffered = std::size_t{1} << 20;
  virtual void open_target(const SinkContext& context) = 0;
  // A record was laid out at the end of the buffer, from offset `start`: a sink that splits its
  // output between files decides here where the record goes.
  virtual void record_added([[maybe_unused]] std::size_t start) {}

  std::optional<TextLayout> layout_;
  FdWriter writer_;
  const SinkContext* context_ = nullptr;
  bool colour_ = false;
};

}  // namespace ringlog::detail
