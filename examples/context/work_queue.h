// A small thread pool for the context examples: FIFO tasks run by N threads, each of which can
// carry its own ringlog context (e.g. worker=2) for the records it logs between tasks.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"

namespace example {

class WorkQueue {
 public:
  // Starts `threads` threads named "<name>-<i>"; each runs with Context {{"worker", i}}.
  WorkQueue(std::string name, int threads) {
    for (int i = 0; i < threads; ++i) {
      threads_.emplace_back([this, name, i] {
        ringlog::set_thread_name(name + "-" + std::to_string(i));
        ringlog::preallocate();
        ringlog::Context worker{{"worker", i}};
        run();
      });
    }
  }
  // Runs every task already posted, then joins the threads.
  ~WorkQueue() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Thread-safe. The task runs on one of the queue's threads.
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

}  // namespace example
