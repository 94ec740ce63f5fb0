// The futex behind ConsumerBell.
//
// Why no ring is lost (all four accesses seq_cst, so they fall in one total order):
//   ringer:   R1 rings_ += 1     R2 load sleeping_
//   consumer: C0 seen = rings_   C1 sleeping_ = true   C2 futex wait while rings_ == seen
// If R2 reads false, R2 comes before C1, so R1 does too. Either R1 came before C0 (the consumer
// looked for work after the ring, with the producer's records committed before it, and sees
// the count moved since its last sleep: Backend::wait_idle()) or between C0 and C1 (then
// rings_ != seen and the futex wait returns at once). If R2 reads true,
// the futex wake follows R1: the kernel compares the word under its own lock, so a consumer
// about to wait sees the new value and one already waiting is woken.
#include "ringlog/detail/consumer_bell.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <ctime>

namespace ringlog::detail {

namespace {

long futex(std::atomic<std::uint32_t>& word, int op, std::uint32_t value,
           const timespec* timeout) noexcept {
  return syscall(SYS_futex, reinterpret_cast<std::uint32_t*>(&word), op, value, timeout, nullptr,
                 0);
}

}  // namespace

void ConsumerBell::ring() noexcept {
  rings_.fetch_add(1, std::memory_order_seq_cst);
  if (sleeping_.load(std::memory_order_seq_cst)) futex(rings_, FUTEX_WAKE_PRIVATE, 1, nullptr);
}

void ConsumerBell::sleep(std::uint32_t seen, std::chrono::microseconds timeout) noexcept {
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  const timespec relative{static_cast<time_t>(seconds.count()),
                          static_cast<long>((timeout - seconds).count() * 1000)};
  sleeping_.store(true, std::memory_order_seq_cst);
  // Returns at once when rings_ != seen (EAGAIN); a spurious or signal wake (EINTR) only makes
  // the consumer look for work early.
  futex(rings_, FUTEX_WAIT_PRIVATE, seen, &relative);
  // Relaxed: a ringer that still sees true only makes a needless wake.
  sleeping_.store(false, std::memory_order_relaxed);
}

}  // namespace ringlog::detail
