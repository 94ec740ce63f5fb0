// A coroutine that carries its own ringlog context from thread to thread, and a pool of named
// threads to hop between: just enough to test capture_context()/exchange_context() with
// coroutines. (examples/context/ shows a fuller task type; tests do not compile examples.)
#pragma once

#include <condition_variable>
#include <coroutine>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "ringlog/ringlog.h"

namespace ringlog::test {

// FIFO tasks run by `threads` threads named "<name>-<i>", each in Context {{"worker", i}}.
// The destructor runs every task already posted, then joins.
class NamedPool {
 public:
  NamedPool(std::string name, int threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, name, i] {
        set_thread_name(name + "-" + std::to_string(i));
        Context worker{{"worker", i}};
        run();
      });
    }
  }
  ~NamedPool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  NamedPool(const NamedPool&) = delete;
  NamedPool& operator=(const NamedPool&) = delete;

  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// A lazy coroutine whose context is the creating thread's at creation, plus the scopes its body
// opens. While it runs, that is the running thread's context; when it suspends (at hop_to() or
// at its end) the thread gets its own back.
class ContextTask {
 public:
  struct promise_type {
    ContextSnapshot task_context = capture_context();
    ContextSnapshot thread_context;  // the running thread's own, while the body runs
    std::mutex mutex;                // not an atomic flag: wait() may free the frame at once
    std::condition_variable finished;
    bool done = false;  // guarded by mutex
    std::exception_ptr error;

    void enter() noexcept { thread_context = exchange_context(task_context); }
    void leave() noexcept { task_context = exchange_context(thread_context); }

    ContextTask get_return_object() noexcept {
      return ContextTask(std::coroutine_handle<promise_type>::from_promise(*this));
    }
    auto initial_suspend() noexcept {
      struct Enter : std::suspend_always {
        promise_type& p;
        void await_resume() const noexcept { p.enter(); }
      };
      return Enter{{}, *this};
    }
    auto final_suspend() noexcept {
      struct Finish : std::suspend_always {
        promise_type& p;
        void await_suspend(std::coroutine_handle<>) const noexcept {
          p.leave();
          std::lock_guard lock(p.mutex);
          p.done = true;
          p.finished.notify_all();
        }
      };
      return Finish{{}, *this};
    }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { error = std::current_exception(); }
  };
  using Handle = std::coroutine_handle<promise_type>;

  ContextTask(ContextTask&& other) noexcept : handle_(std::exchange(other.handle_, {})) {}
  ContextTask& operator=(ContextTask&&) = delete;
  ~ContextTask() {
    if (handle_) handle_.destroy();  // only a finished or never started task is destroyed
  }

  // Runs the body on the calling thread up to its first hop.
  void start() { handle_.resume(); }
  // Blocks until the body has finished, on whatever thread; rethrows what it threw.
  void wait() {
    promise_type& p = handle_.promise();
    std::unique_lock lock(p.mutex);
    p.finished.wait(lock, [&p] { return p.done; });
    if (p.error) std::rethrow_exception(p.error);
  }

 private:
  explicit ContextTask(Handle h) noexcept : handle_(h) {}
  Handle handle_;
};

// co_await hop_to(pool): the rest of the body runs on one of the pool's threads, in the task's
// context.
inline auto hop_to(NamedPool& pool) noexcept {
  struct Hop {
    NamedPool& pool;
    ContextTask::Handle handle{};
    bool await_ready() const noexcept { return false; }
    void await_suspend(ContextTask::Handle h) {
      handle = h;
      // Before posting: from then on a pool thread may already be running the body.
      h.promise().leave();
      pool.post([h] { h.resume(); });
    }
    void await_resume() const noexcept { handle.promise().enter(); }
  };
  return Hop{pool};
}

}  // namespace ringlog::test
