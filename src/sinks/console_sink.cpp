#include <unistd.h>

#include "sinks/text_sink.h"

namespace ringlog {
namespace {

class ConsoleSink final : public detail::TextSink {
 public:
  ConsoleSink(ConsoleStream stream, Colour colour) : stream_(stream), colour_mode_(colour) {}

 private:
  void open_target(const SinkContext& context) override {
    const int fd = stream_ == ConsoleStream::out ? STDOUT_FILENO : STDERR_FILENO;
    colour_ = colour_mode_ == Colour::always || (colour_mode_ == Colour::automatic && ::isatty(fd));
    writer_.reset(fd, stream_ == ConsoleStream::out ? "stdout" : "stderr", &context,
                  /*owned=*/false);
  }

  ConsoleStream stream_;
  Colour colour_mode_;
};

}  // namespace

SinkPtr console_sink(ConsoleStream stream, Colour colour) {
  return std::make_shared<ConsoleSink>(stream, colour);
}

}  // namespace ringlog
