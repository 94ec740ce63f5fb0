#include "sinks/syslog_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <fmt/format.h>

namespace ringlog::detail {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{10};
constexpr int kSendFlags = MSG_DONTWAIT | MSG_NOSIGNAL;

const char* transport_name(SyslogTransport t) noexcept {
  switch (t) {
    case SyslogTransport::udp:
      return "udp";
    case SyslogTransport::tcp:
      return "tcp";
    case SyslogTransport::unix_datagram:
      return "unix_datagram";
    case SyslogTransport::unix_stream:
      return "unix_stream";
  }
  return "?";
}

bool would_block(int e) noexcept {
  return e == EAGAIN || e == EWOULDBLOCK || e == ENOBUFS;
}

}  // namespace

SyslogSocket::SyslogSocket(const SyslogOptions& options) : options_(options) {
  label_ = fmt::format("syslog {} ", transport_name(options.transport));
  const bool unix_socket = options.transport == SyslogTransport::unix_datagram ||
                           options.transport == SyslogTransport::unix_stream;
  label_ += unix_socket ? options.path : fmt::format("{}:{}", options.host, options.port);
}

SyslogSocket::~SyslogSocket() {
  if (fd_ >= 0) ::close(fd_);
}

bool SyslogSocket::stream() const noexcept {
  return options_.transport == SyslogTransport::tcp ||
         options_.transport == SyslogTransport::unix_stream;
}

void SyslogSocket::open(const SinkContext& context) {
  context_ = &context;
  if (options_.transport == SyslogTransport::unix_datagram ||
      options_.transport == SyslogTransport::unix_stream) {
    sockaddr_un un{};
    if (options_.path.empty() || options_.path.size() >= sizeof un.sun_path) {
      throw std::invalid_argument("ringlog: " + label_ + ": a Unix socket path of 1 to " +
                                  std::to_string(sizeof un.sun_path - 1) + " bytes is needed");
    }
    un.sun_family = AF_UNIX;
    std::memcpy(un.sun_path, options_.path.data(), options_.path.size());
    std::memcpy(&address_, &un, sizeof un);
    address_length_ = sizeof un;
    family_ = AF_UNIX;
  } else {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = stream() ? SOCK_STREAM : SOCK_DGRAM;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(options_.port);
    const int rc = ::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found);
    if (rc != 0 || found == nullptr) {
      throw std::system_error(std::make_error_code(std::errc::host_unreachable),
                              "ringlog: " + label_ + ": cannot resolve the host: " +
                                  (rc != 0 ? ::gai_strerror(rc) : "no address"));
    }
    std::memcpy(&address_, found->ai_addr, found->ai_addrlen);
    address_length_ = found->ai_addrlen;
    family_ = found->ai_family;
    ::freeaddrinfo(found);
  }
  connect_now(Clock::now());
}

void SyslogSocket::connect_now(Clock::time_point now) {
  const int type = (stream() ? SOCK_STREAM : SOCK_DGRAM) | SOCK_NONBLOCK | SOCK_CLOEXEC;
  fd_ = ::socket(family_, type, 0);
  if (fd_ < 0) {
    fail("socket", errno);
    next_attempt_ = now + backoff_;
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
    return;
  }
  // A datagram socket is connected too: sends need no address, and UDP hears ICMP refusals.
  if (::connect(fd_, reinterpret_cast<const sockaddr*>(&address_), address_length_) == 0) {
    connecting_ = false;
    backoff_ = kFirstBackoff;
    return;
  }
  if (errno == EINPROGRESS) {
    connecting_ = true;
    return;
  }
  disconnect("connect", errno, false);
}

bool SyslogSocket::finish_connect() {
  pollfd p{fd_, POLLOUT, 0};
  if (::poll(&p, 1, 0) <= 0) return false;
  int error = 0;
  socklen_t size = sizeof error;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &error, &size);
  if (error != 0) {
    disconnect("connect", error, false);
    return false;
  }
  connecting_ = false;
  backoff_ = kFirstBackoff;
  return true;
}

bool SyslogSocket::peer_gone() const {
  // Readable means end of stream or an error: the collector is gone. Checked before sending, so
  // nothing is written into a connection the peer has already closed.
  pollfd p{fd_, POLLIN | POLLRDHUP, 0};
  return ::poll(&p, 1, 0) > 0 && p.revents != 0;
}

void SyslogSocket::disconnect(std::string_view what, int error_number, bool immediately) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  connecting_ = false;
  // The peer saw part of the front message at most: it is lost, never resent (a resent tail
  // would be read as a new, garbled message).
  if (sent_of_front_ > 0) drop_front(true);
  fail(what, error_number);
  const Clock::time_point now = Clock::now();
  if (immediately) {
    next_attempt_ = now;
  } else {
    next_attempt_ = now + backoff_;
    backoff_ = std::min(backoff_ * 2, options_.reconnect_max);
  }
}

bool SyslogSocket::enqueue(std::string_view message) {
  char prefix[24];
  std::size_t prefix_length = 0;
  if (stream()) {
    prefix_length = static_cast<std::size_t>(
        fmt::format_to_n(prefix, sizeof prefix, "{} ", message.size()).size);
  }
  const std::size_t size = prefix_length + message.size();
  // Full: the socket may take some now (without waiting) before anything is dropped.
  if (pending_.size() - head_ + size > options_.buffer_bytes) send_pending();
  if (pending_.size() - head_ + size > options_.buffer_bytes) {
    if (!buffer_full_ && !failing_) {
      context_->report(fmt::format("{}: send buffer full ({} bytes); dropping messages", label_,
                                   options_.buffer_bytes));
      failing_ = true;
    } else {
      context_->count_error();
    }
    buffer_full_ = true;
    lose(1);
    return false;
  }
  buffer_full_ = false;
  pending_.append(prefix, prefix_length);
  pending_.append(message);
  lengths_.push_back(static_cast<std::uint32_t>(size));
  return true;
}

void SyslogSocket::send_pending() {
  if (lengths_.empty()) return;
  if (fd_ < 0) {
    const Clock::time_point now = Clock::now();
    if (now < next_attempt_) return;
    connect_now(now);
    if (fd_ < 0) return;
  }
  if (connecting_ && !finish_connect()) return;
  if (stream()) {
    if (peer_gone()) {
      disconnect("connection closed by the collector", 0, true);
      connect_now(Clock::now());
      if (fd_ < 0 || (connecting_ && !finish_connect())) return;
    }
    send_stream();
  } else {
    send_datagrams();
  }
  compact();
}

void SyslogSocket::send_datagrams() {
  bool retried = false;
  while (!lengths_.empty()) {
    const ssize_t n = ::send(fd_, pending_.data() + head_, lengths_.front(), kSendFlags);
    if (n >= 0) {
      drop_front(false);
      retried = false;
      recovered();
      continue;
    }
    const int e = errno;
    if (e == EINTR) continue;
    if (would_block(e)) return;
    if (options_.transport == SyslogTransport::udp && e == ECONNREFUSED && !retried) {
      // The kernel reports an ICMP refusal of an earlier datagram on this send, which did not
      // go out: that earlier one is lost, this one is tried again.
      fail("an earlier datagram was refused (ICMP port unreachable)", e);
      lose(1);
      retried = true;
      continue;
    }
    if (options_.transport == SyslogTransport::udp) {
      fail("send", e);
      return;  // kept: the next flush tries again
    }
    // A Unix receiver that went away or was restarted: connect to the path anew.
    disconnect("send", e, false);
    return;
  }
}

void SyslogSocket::send_stream() {
  while (!lengths_.empty()) {
    const std::size_t start = head_ + sent_of_front_;
    const ssize_t n = ::send(fd_, pending_.data() + start, pending_.size() - start, kSendFlags);
    if (n < 0) {
      const int e = errno;
      if (e == EINTR) continue;
      if (!would_block(e)) disconnect("send", e, false);
      return;
    }
    recovered();
    std::size_t sent = sent_of_front_ + static_cast<std::size_t>(n);
    while (!lengths_.empty() && sent >= lengths_.front()) {
      sent -= lengths_.front();
      sent_of_front_ = 0;
      drop_front(false);
    }
    sent_of_front_ = sent;
  }
}

void SyslogSocket::drop_front(bool lost) {
  head_ += lengths_.front();
  lengths_.pop_front();
  sent_of_front_ = 0;
  if (lost) lose(1);
}

void SyslogSocket::compact() {
  if (lengths_.empty()) {
    pending_.clear();
    head_ = 0;
  } else if (head_ > pending_.size() / 2) {
    pending_.erase(0, head_);
    head_ = 0;
  }
}

void SyslogSocket::close(std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  send_pending();
  while (!lengths_.empty() && Clock::now() < deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const std::size_t before = lengths_.size();
    if (fd_ >= 0) {
      // Wait for the socket to take more (or the connection to be made), at most until the end.
      pollfd p{fd_, POLLOUT, 0};
      ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(1, left.count())));
    } else {
      std::this_thread::sleep_until(std::min(deadline, next_attempt_));
    }
    send_pending();
    // Writable but refusing (an error that is not "would block"): do not spin on it.
    if (fd_ >= 0 && !connecting_ && lengths_.size() == before) {
      std::this_thread::sleep_for(std::min(left, std::chrono::milliseconds{10}));
    }
  }
  if (!lengths_.empty()) {
    const std::size_t left = lengths_.size();
    context_->report(fmt::format("{}: {} messages could not be sent before closing", label_, left));
    lengths_.clear();
    sent_of_front_ = 0;
    lose(left);
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void SyslogSocket::fail(std::string_view what, int error_number) {
  if (failing_) {
    context_->count_error();
    return;
  }
  failing_ = true;
  std::string message = fmt::format("{}: {}", label_, what);
  if (error_number != 0) message += fmt::format(": {}", std::strerror(error_number));
  message += fmt::format("; messages wait in a buffer of {} bytes", options_.buffer_bytes);
  context_->report(message);
}

void SyslogSocket::lose(std::uint64_t records) {
  lost_in_run_ += records;
  context_->lost_records(records);
}

void SyslogSocket::recovered() {
  if (!failing_) return;
  failing_ = false;
  buffer_full_ = false;
  context_->notify(
      fmt::format("{}: sending again ({} records lost meanwhile)", label_, lost_in_run_));
  lost_in_run_ = 0;
}

}  // namespace ringlog::detail
