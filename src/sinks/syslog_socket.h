// The socket side of the syslog sink: a bounded buffer of messages, a non-blocking socket (UDP,
// TCP, Unix datagram or stream), RFC 6587 octet-counted framing on streams, reconnection with
// backoff, and the accounting of what could not be sent. The message side is syslog_message.h.
#pragma once

#include <sys/socket.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "ringlog/sinks.h"

namespace ringlog::detail {

class SyslogSocket {
 public:
  using Clock = std::chrono::steady_clock;

  explicit SyslogSocket(const SyslogOptions& options);
  SyslogSocket(const SyslogSocket&) = delete;
  SyslogSocket& operator=(const SyslogSocket&) = delete;
  ~SyslogSocket();

  // Resolves the address (std::system_error naming it when that fails; std::invalid_argument
  // for a Unix path too long) and makes a first, non-blocking connection attempt.
  void open(const SinkContext& context);
  // Queues one message (framed here for streams). When the buffer cannot take it, the message
  // is dropped, counted as a lost record, and false returned.
  bool enqueue(std::string_view message);
  // Sends what the socket takes now, without waiting; (re)connects first when due.
  void send_pending();
  // Sends the rest, waiting at most `timeout` for the collector; counts what remains as lost.
  void close(std::chrono::milliseconds timeout);

  std::size_t queued_messages() const noexcept { return lengths_.size(); }
  const std::string& label() const noexcept { return label_; }

 private:
  bool stream() const noexcept;
  void connect_now(Clock::time_point now);
  // A connection attempt in progress: true once it is established.
  bool finish_connect();
  // A stream's peer closed or reset the connection (a syslog collector never sends).
  bool peer_gone() const;
  void send_datagrams();
  void send_stream();
  // Drops the connection; the next attempt is due at once (`immediately`) or after the backoff.
  void disconnect(std::string_view what, int error_number, bool immediately);
  void drop_front(bool lost);
  void compact();
  void fail(std::string_view what, int error_number);
  void lose(std::uint64_t records);
  void recovered();

  SyslogOptions options_;
  std::string label_;
  const SinkContext* context_ = nullptr;
  sockaddr_storage address_{};
  socklen_t address_length_ = 0;
  int family_ = 0;

  int fd_ = -1;
  bool connecting_ = false;
  Clock::time_point next_attempt_{};
  std::chrono::milliseconds backoff_{10};  // the wait after the next failed attempt

  std::string pending_;                // messages (framed for streams) from head_ on
  std::size_t head_ = 0;               // first byte of the front message
  std::size_t sent_of_front_ = 0;      // streams: bytes of the front message already sent
  std::deque<std::uint32_t> lengths_;  // each queued message's bytes, front first

  bool failing_ = false;
  std::uint64_t lost_in_run_ = 0;
  bool buffer_full_ = false;  // a run of drops for lack of buffer space was reported
};

}  // namespace ringlog::detail
