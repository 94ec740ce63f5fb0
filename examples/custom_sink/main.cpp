// A custom sink next to built-in ones: CSV rows to a file (csv_sink.h), the same records as
// JSON Lines on the console, and text with a sink's own pattern in another file.
//   custom_sink_example [csv path] [text path]
#include <memory>
#include <string>

#include "custom_sink/csv_sink.h"
#include "ringlog/ringlog.h"

int main(int argc, char** argv) {
  const std::string csv_path = argc > 1 ? argv[1] : "orders.csv";
  const std::string text_path = argc > 2 ? argv[2] : "orders.log";

  ringlog::start(
      ringlog::Config{},
      {std::make_shared<example::CsvSink>(csv_path),
       ringlog::console_sink(ringlog::json_lines_layout()),
       ringlog::file_sink(text_path, ringlog::pattern_layout("{clock} {level} {message}"))});

  auto& log = ringlog::get_logger("orders");
  for (int id = 1; id <= 3; ++id) {
    RLOG_INFO(log, "order {} accepted", id, ringlog::kv("qty", id * 100),
              ringlog::kv("side", "buy"));
  }
  RLOG_WARN(log, "order {} rejected: \"{}\"", 4, "price band");
  ringlog::stop();
}
