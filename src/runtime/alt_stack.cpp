#include "runtime/alt_stack.h"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstddef>

namespace ringlog::detail {
namespace {

// Room for the handler, backtrace()'s unwinder and, on the backend thread, a drain.
constexpr std::size_t kAltStackBytes = std::size_t{64} << 10;

// Relaxed: a thread that misses the switch by a moment just has no alternate stack.
std::atomic<bool> g_enabled{false};

class AltStack {
 public:
  AltStack() = default;
  AltStack(const AltStack&) = delete;
  AltStack& operator=(const AltStack&) = delete;
  ~AltStack() {
    if (mapping_ == nullptr) return;
    // Disable it only if it is still ours (the program may have replaced it meanwhile).
    stack_t current{};
    if (sigaltstack(nullptr, &current) == 0 && current.ss_sp == stack_bottom()) {
      stack_t off{};
      off.ss_flags = SS_DISABLE;
      sigaltstack(&off, nullptr);
    }
    munmap(mapping_, guard_ + kAltStackBytes);
  }

  void install() noexcept {
    if (mapping_ != nullptr) return;
    guard_ = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
    void* mem = mmap(nullptr, guard_ + kAltStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) return;
    // Guard page below the stack: a handler that overflows it faults instead of corrupting.
    mprotect(mem, guard_, PROT_NONE);
    mapping_ = static_cast<char*>(mem);
    stack_t stack{};
    stack.ss_sp = stack_bottom();
    stack.ss_size = kAltStackBytes;
    if (sigaltstack(&stack, nullptr) != 0) {
      munmap(mapping_, guard_ + kAltStackBytes);
      mapping_ = nullptr;
    }
  }

 private:
  char* stack_bottom() const noexcept { return mapping_ + guard_; }

  char* mapping_ = nullptr;
  std::size_t guard_ = 0;
};

}  // namespace

void ensure_alt_stack() noexcept {
  stack_t current{};
  if (sigaltstack(nullptr, &current) != 0 || (current.ss_flags & SS_DISABLE) == 0) return;
  thread_local AltStack stack;
  stack.install();
}

void enable_alt_stacks_for_new_threads() noexcept {
  g_enabled.store(true, std::memory_order_relaxed);
}

void on_thread_ring_created() noexcept {
  if (g_enabled.load(std::memory_order_relaxed)) ensure_alt_stack();
}

}  // namespace ringlog::detail
