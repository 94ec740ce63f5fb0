// How the gateway, which is off the measured path, waits for work without holding a core.
#pragma once

#include <chrono>
#include <thread>

namespace demo {

// Spins a little (the next item is usually close), then sleeps 50 µs at a time. A thread that
// spins or yields on a 2-core machine shared with other work is charged as a CPU hog by the
// scheduler and then preempted for whole time slices; a sleeper is not.
class IdleWait {
 public:
  void wait() noexcept {
    if (spins_ < kSpins) {
      ++spins_;
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
      return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
  }
  void reset() noexcept {
    spins_ = 0;
  }

 private:
  static constexpr int kSpins = 64;
  int spins_ = 0;
};

}  // namespace demo
