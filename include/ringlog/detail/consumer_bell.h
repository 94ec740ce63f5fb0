// How producers wake a sleeping consumer (the backend) without a lock: a counter it sleeps on as
// a futex word. A producer rings only from a slow path (its ring passed half full, or is full),
// and a ring costs one atomic add plus, only while the consumer sleeps, one futex wake.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace ringlog::detail {

class ConsumerBell {
 public:
  // Any thread, async-signal-safe (atomics and one futex call): the consumer's current or next
  // sleep ends at once.
  void ring() noexcept;

  // Consumer: the count to hand to sleep(). Read it before looking for work: a ring after this
  // read makes that sleep() return at once, so no ring is missed between the look and the sleep.
  std::uint32_t count() const noexcept {
    // Seq_cst, with the stores in sleep() and ring(): see the argument in consumer_bell.cpp.
    return rings_.load(std::memory_order_seq_cst);
  }

  // Consumer: sleeps until a ring made after count() returned `seen`, or until `timeout`.
  void sleep(std::uint32_t seen, std::chrono::microseconds timeout) noexcept;

 private:
  std::atomic<std::uint32_t> rings_{0};
  std::atomic<bool> sleeping_{false};  // set around the futex wait: ringers skip the syscall
};

static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t),
              "the counter is used as a futex word");

}  // namespace ringlog::detail
