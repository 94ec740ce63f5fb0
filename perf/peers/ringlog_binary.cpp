// Peer: ringlog asynchronous with the binary log sink (throughput only: its hot path is the
// same as ringlog async's). Records are counted by decoding the file with the library's reader.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "codec/binary_reader.h"
#include "peers/ringlog_adapter.h"

namespace perf {
namespace {

struct AsyncBinary {
  static constexpr std::string_view kKey = "ringlog_binary";
  static constexpr std::string_view kName = "ringlog binary";
  static constexpr ringlog::Mode kMode = ringlog::Mode::async;
  static constexpr bool kInLatency = false;
  static constexpr const char* kExtension = ".rlog";
  static ringlog::SinkPtr make_sink(const std::string& path) {
    return ringlog::binary_file_sink(path);
  }
  // Records the reader decodes; any damage it reports makes the count fail the check. The file
  // is still open (no end marker yet), so "truncated" is expected; a record cut off by it would
  // be missing from the count anyway.
  static std::uint64_t count_records(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw std::system_error(errno, std::generic_category(), "cannot open " + path.string());
    }
    bool damaged = false;
    ringlog::detail::BinaryReader reader([&](const ringlog::detail::ReadIssue& issue) {
      if (issue.kind != ringlog::detail::ReadIssueKind::truncated) damaged = true;
    });
    std::uint64_t records = 0;
    std::vector<char> block(1 << 20);
    for (;;) {
      const ssize_t n = ::read(fd, block.data(), block.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      reader.feed(block.data(), static_cast<std::size_t>(n));
      while (reader.next()) ++records;
    }
    ::close(fd);
    reader.finish();
    while (reader.next()) ++records;
    return damaged || reader.fatal() ? 0 : records;
  }
};

const bool kRegistered = register_adapter<Ringlog<AsyncBinary>>();

}  // namespace
}  // namespace perf
