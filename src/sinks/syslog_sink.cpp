// syslog_sink(): RFC 5424 messages (syslog_message.h) through a bounded, non-blocking socket
// (syslog_socket.h).
#include <errno.h>
#include <unistd.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <string>

#include "sinks/syslog_message.h"
#include "sinks/syslog_socket.h"

namespace ringlog {
namespace detail {
namespace {

// RFC 5424 6.2: the longest each header field may be.
constexpr std::size_t kMaxHostname = 255;
constexpr std::size_t kMaxAppName = 48;
constexpr std::size_t kMaxProcId = 128;
constexpr std::size_t kMaxMsgId = 32;
// RFC 5424 6.1: every receiver takes 480 bytes; below that a header could not fit.
constexpr std::size_t kMinMessageBytes = 480;

std::string own_hostname() {
  char name[HOST_NAME_MAX + 1] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

SyslogHeader make_header(const SyslogOptions& o) {
  SyslogHeader h;
  h.facility = o.facility;
  h.hostname = syslog_header_field(o.hostname.empty() ? own_hostname() : o.hostname, kMaxHostname);
  h.app_name = syslog_header_field(o.app_name.empty() ? program_invocation_short_name : o.app_name,
                                   kMaxAppName);
  h.procid =
      syslog_header_field(o.procid.empty() ? std::to_string(::getpid()) : o.procid, kMaxProcId);
  h.msgid = syslog_header_field(o.msgid, kMaxMsgId);
  h.sd_id = syslog_sd_name(o.sd_id);
  return h;
}

class SyslogSink final : public Sink {
 public:
  explicit SyslogSink(const SyslogOptions& options)
      : options_(options),
        message_(make_header(options), std::max(options.max_message_bytes, kMinMessageBytes)),
        socket_(options) {}

  void open(const SinkContext& context) override { socket_.open(context); }

  void write(const LogEvent& event) override {
    message_.format(event, scratch_);
    socket_.enqueue({scratch_.data(), scratch_.size()});
    // A long batch need not wait for its end: the socket takes messages as they come.
    if (socket_.queued_messages() >= kSendEvery) socket_.send_pending();
  }

  void flush() override { socket_.send_pending(); }

  void close() override { socket_.close(options_.close_timeout); }

 private:
  static constexpr std::size_t kSendEvery = 64;

  SyslogOptions options_;
  SyslogMessage message_;
  SyslogSocket socket_;
  fmt::memory_buffer scratch_;
};

}  // namespace
}  // namespace detail

SinkPtr syslog_sink(SyslogOptions options) {
  return std::make_shared<detail::SyslogSink>(options);
}

}  // namespace ringlog
