// A program outside ringlog's build: built against an installed ringlog with CMake and with
// pkg-config, and against its source tree as a meson subproject (tests/consumers/run).
#include <ringlog/ringlog.h>

int main(int argc, char** argv) {
  ringlog::start({}, {ringlog::console_sink(ringlog::ConsoleStream::out, ringlog::Colour::never)});
  ringlog::set_thread_name("main");
  ringlog::Logger& log = ringlog::get_logger("consumer");
  RLOG_INFO(log, "built with {}", argc > 1 ? argv[1] : "?");  // line 9, checked by run
  ringlog::stop();
}
