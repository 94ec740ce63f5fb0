// Peer: ringlog asynchronous to the binary sink (records stored unformatted, decoded later by
// ringlog-cat), block policy. Records on disk are counted by decoding the file.
#include <ringlog/ringlog.h>

#include <fstream>
#include <vector>

#include "codec/binary_reader.h"
#include "peers/adapter.h"

namespace perf {
namespace {

class RinglogBinary {
 public:
  static constexpr std::string_view kKey = "ringlog_binary";
  static constexpr std::string_view kName = "ringlog binary";
  static constexpr bool kInLatency = true;

  explicit RinglogBinary(const PeerSetup& setup)
      : file_(setup.dir / (std::string(kKey) + ".rlog")), log_(ringlog::get_logger("bench")) {
    ringlog::Config cfg;
    cfg.queue_bytes = setup.ring_bytes;
    cfg.full_policy = ringlog::FullPolicy::block;
    ringlog::start(cfg, {ringlog::binary_file_sink(file_.string())});
    log_.set_mode(ringlog::Mode::async);
    log_.set_level(ringlog::Level::info);
  }
  ~RinglogBinary() { ringlog::stop(); }
  RinglogBinary(const RinglogBinary&) = delete;
  RinglogBinary& operator=(const RinglogBinary&) = delete;

  void prepare_thread() { ringlog::preallocate(); }
  RINGLOG_PERF_INLINE void three_numbers(int a, int b, double c) {
    RLOG_INFO(log_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void one_string(const std::string& s) {
    RLOG_INFO(log_, "Logging str: {}", s);
  }
  RINGLOG_PERF_INLINE void many_args(const ManyArgs& m) {
    RLOG_INFO(log_, "order {} side {} px {} qty {} venue {} seq {} ts {} flags {} test {}",
              m.order_id, m.side, m.price, m.quantity, m.venue, m.sequence, m.timestamp, m.flags,
              m.is_test);
  }
  RINGLOG_PERF_INLINE void disabled(int a, int b, double c) {
    RLOG_DEBUG(log_, "Logging int: {}, int: {}, double: {}", a, b, c);
  }
  RINGLOG_PERF_INLINE void iteration(std::uint64_t i, int n, double d) {
    RLOG_INFO(log_, "Iteration: {} int: {} double: {}", i, n, d);
  }
  void finish() { ringlog::flush(); }
  std::uint64_t records_on_disk() const {
    ringlog::detail::BinaryReader reader;
    std::ifstream in(file_, std::ios::binary);
    std::vector<char> block(1 << 20);
    std::uint64_t records = 0;
    while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
      reader.feed(block.data(), static_cast<std::size_t>(in.gcount()));
      while (reader.next()) ++records;
    }
    reader.finish();
    while (reader.next()) ++records;
    return records;
  }
  std::filesystem::path file() const { return file_; }

 private:
  std::filesystem::path file_;
  ringlog::Logger& log_;
};

const bool kRegistered = register_adapter<RinglogBinary>();

}  // namespace
}  // namespace perf
