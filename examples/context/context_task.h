// A minimal C++20 coroutine task whose ringlog context travels with it.
//
// The coroutine owns a context (captured from the thread that created it, plus the Context
// scopes it opens). While it runs, that context is the running thread's context; whenever it
// suspends, the thread gets its own context back. So a coroutine that resumes on another
// thread logs with its context there, and the threads it passes through never see it leak.
//
// Mechanism: every co_await in the body goes through await_transform(), whose wrapper calls
// ringlog::exchange_context() just before the coroutine is handed to whoever resumes it, and
// again when it resumes. Both are a copy of at most ringlog::kContextMaxBytes bytes and, when
// the contexts differ, one control record; no allocation.
#pragma once

#include <condition_variable>
#include <coroutine>
#include <exception>
#include <mutex>
#include <type_traits>
#include <utility>

#include "context/work_queue.h"
#include "ringlog/ringlog.h"

namespace example {

class Task {
 public:
  struct promise_type;
  using Handle = std::coroutine_handle<promise_type>;

  struct promise_type {
    ringlog::ContextSnapshot task_context = ringlog::capture_context();  // the creator's
    ringlog::ContextSnapshot thread_context;  // the running thread's own, while we run
    // Completion, for wait(). A mutex rather than an atomic flag: the waiter may destroy the frame
    // as soon as it sees `done`, and only unlocking a mutex is safe to race with that.
    std::mutex mutex;
    std::condition_variable finished;
    bool done = false;  // guarded by mutex
    std::exception_ptr error;

    // The coroutine's context becomes the thread's; the thread's is kept for leave().
    void enter() noexcept { thread_context = ringlog::exchange_context(task_context); }
    // The reverse, just before the coroutine stops running on this thread.
    void leave() noexcept { task_context = ringlog::exchange_context(thread_context); }

    Task get_return_object() noexcept { return Task(Handle::from_promise(*this)); }
    // Lazy: nothing runs until start(); then the body runs in its own context.
    auto initial_suspend() noexcept {
      struct Enter {
        promise_type& p;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) const noexcept {}
        void await_resume() const noexcept { p.enter(); }
      };
      return Enter{*this};
    }
    // The body's Context scopes have closed by now; give the thread its context back, then
    // tell wait() (the frame stays until the Task is destroyed).
    auto final_suspend() noexcept {
      struct Finish {
        promise_type& p;
        bool await_ready() const noexcept { return false; }
        void await_suspend(std::coroutine_handle<>) const noexcept {
          p.leave();
          std::lock_guard lock(p.mutex);
          p.done = true;
          p.finished.notify_all();  // under the lock: the waiter cannot return before unlock
        }
        void await_resume() const noexcept {}
      };
      return Finish{*this};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }

    // Wraps every awaiter so the context is swapped out before the coroutine can be resumed
    // elsewhere, and swapped back in when it is.
    template <typename Awaiter>
    auto await_transform(Awaiter&& inner) noexcept {
      struct Swapping {
        Awaiter inner;
        promise_type& p;
        bool suspended = false;
        bool await_ready() { return inner.await_ready(); }
        auto await_suspend(std::coroutine_handle<> h) {
          // Before handing h over: from then on another thread may already be running it.
          p.leave();
          suspended = true;
          using R = decltype(inner.await_suspend(h));
          if constexpr (std::is_same_v<R, bool>) {
            const bool suspend = inner.await_suspend(h);
            if (!suspend) {
              suspended = false;
              p.enter();  // resuming at once, on this thread
            }
            return suspend;
          } else {
            return inner.await_suspend(h);
          }
        }
        decltype(auto) await_resume() {
          if (suspended) p.enter();
          return inner.await_resume();
        }
      };
      return Swapping{std::forward<Awaiter>(inner), *this};
    }
  };

  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  Task& operator=(Task&&) = delete;
  ~Task() {
    if (handle_) handle_.destroy();  // destroy only a finished or never started task
  }

  // Runs the body on the calling thread up to its first suspension.
  void start() { handle_.resume(); }
  // Blocks until the body has finished (on whatever thread); rethrows what it threw.
  void wait() {
    promise_type& p = handle_.promise();
    std::unique_lock lock(p.mutex);
    p.finished.wait(lock, [&p] { return p.done; });
    if (p.error) std::rethrow_exception(p.error);
  }

 private:
  explicit Task(Handle h) noexcept : handle_(h) {}
  Handle handle_;
};

// co_await resume_on(queue): the rest of the coroutine runs on one of the queue's threads.
inline auto resume_on(WorkQueue& queue) noexcept {
  struct Hop {
    WorkQueue& queue;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> h) const {
      queue.post([h] { h.resume(); });
    }
    void await_resume() const noexcept {}
  };
  return Hop{queue};
}

}  // namespace example
