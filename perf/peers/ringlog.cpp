// Peers: ringlog asynchronous (the default) and ringlog synchronous (Logger::set_mode(sync):
// formatted and written in the caller, one write(2) per record), both to the text file sink
// with the default layout, block policy.
#include "peers/ringlog_adapter.h"

namespace perf {
namespace {

struct TextSink {
  static constexpr bool kInLatency = true;
  static constexpr const char* kExtension = ".log";
  static ringlog::SinkPtr make_sink(const std::string& path) { return ringlog::file_sink(path); }
  static std::uint64_t count_records(const std::filesystem::path& path) {
    return count_lines(path);
  }
};
struct AsyncText : TextSink {
  static constexpr std::string_view kKey = "ringlog_async";
  static constexpr std::string_view kName = "ringlog async";
  static constexpr ringlog::Mode kMode = ringlog::Mode::async;
};
struct SyncText : TextSink {
  static constexpr std::string_view kKey = "ringlog_sync";
  static constexpr std::string_view kName = "ringlog sync";
  static constexpr ringlog::Mode kMode = ringlog::Mode::sync;
};

const bool kRegisteredAsync = register_adapter<Ringlog<AsyncText>>();
const bool kRegisteredSync = register_adapter<Ringlog<SyncText>>();

}  // namespace
}  // namespace perf
