// Context and kv() fields through the whole pipeline: scopes -> control records -> backend ->
// LogEvent::context() / fields() in the sinks, across threads and hand-offs.
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

using ringlog::Context;
using ringlog::kv;
using ringlog::test::ScopedCapture;

TEST_CASE("records carry the context of the scopes open when they were logged") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("ctx");
  RLOG_INFO(log, "before");
  {
    Context order{{"order_id", 42}, {"venue", "XNAS"}};
    RLOG_INFO(log, "outer");
    {
      Context leg{{"venue", "BATS"}, {"leg", 1}};
      RLOG_INFO(log, "inner");
    }
    RLOG_INFO(log, "outer again");
  }
  RLOG_INFO(log, "after");
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 5);
  CHECK(r[0].context.empty());
  CHECK(r[1].context == "order_id=42 venue=XNAS");
  CHECK(r[2].context == "order_id=42 venue=BATS leg=1");
  CHECK(r[3].context == "order_id=42 venue=XNAS");
  CHECK(r[4].context.empty());
  CHECK(r[2].message == "inner");
}

TEST_CASE("two threads with different contexts interleave, each record keeps its own") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("ctx2");
  constexpr int kOrders = 500;
  // Strict turns, so the merged output alternates between the threads record by record.
  std::atomic<int> turn{0};
  auto worker = [&](int me, std::string venue) {
    Context session{{"venue", venue}};
    for (int i = 0; i < kOrders; ++i) {
      for (int t = turn.load(std::memory_order_acquire); t != me; t = turn.load()) turn.wait(t);
      {
        Context order{{"order_id", i}};
        RLOG_INFO(log, "{} {}", venue, i);
      }
      turn.store(1 - me, std::memory_order_release);
      turn.notify_one();
    }
  };
  std::thread a(worker, 0, "XNAS"), b(worker, 1, "ARCA");
  a.join();
  b.join();
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 2 * kOrders);
  std::map<std::string, int> next;  // per venue: the order id expected next
  int switches = 0;
  std::string previous;
  for (std::size_t k = 0; k < records.size(); ++k) {
    const auto& r = records[k];
    char venue[8] = {};
    int i = -1;
    REQUIRE(std::sscanf(r.message.c_str(), "%4s %d", venue, &i) == 2);
    CHECK(i == next[venue]++);
    CHECK(r.context == fmt::format("venue={} order_id={}", venue, i));
    if (k > 0 && previous != venue) ++switches;
    previous = venue;
  }
  // The threads took strict turns; the merge orders by timestamp, which a preempted thread can
  // let slip by a record now and then, but the output must interleave throughout.
  CHECK(switches > kOrders);
}

namespace {

// A minimal thread pool: tasks run on its threads in FIFO order.
class Pool {
 public:
  explicit Pool(int threads) {
    for (int t = 0; t < threads; ++t) {
      threads_.emplace_back([this, t] {
        ringlog::preallocate();
        Context worker{{"worker", t}};
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
      });
    }
  }
  ~Pool() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (auto& t : threads_) t.join();
  }
  void post(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

TEST_CASE("a captured context restored in a thread-pool task tags the task's records") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("pool");
  constexpr int kRequests = 200;
  {
    Pool pool(2);
    for (int i = 0; i < kRequests; ++i) {
      Context request{{"request", i}, {"user", fmt::format("u{}", i % 7)}};
      RLOG_INFO(log, "accepted {}", i);
      pool.post([snap = ringlog::capture_context(), &log, i] {
        {
          Context restore{snap};
          RLOG_INFO(log, "handled {}", i);
        }
        RLOG_INFO(log, "idle after {}", i);
      });
    }
  }  // joins the pool
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 3 * kRequests);
  int handled = 0;
  for (const auto& r : records) {
    int i = -1, worker = -1;
    if (std::sscanf(r.message.c_str(), "accepted %d", &i) == 1) {
      CHECK(r.context == fmt::format("request={} user=u{}", i, i % 7));
    } else if (std::sscanf(r.message.c_str(), "handled %d", &i) == 1) {
      REQUIRE(std::sscanf(r.context.c_str(), "worker=%d", &worker) == 1);
      CHECK(r.context == fmt::format("worker={} request={} user=u{}", worker, i, i % 7));
      ++handled;
    } else {
      REQUIRE(std::sscanf(r.message.c_str(), "idle after %d", &i) == 1);
      REQUIRE(std::sscanf(r.context.c_str(), "worker=%d", &worker) == 1);
      CHECK(r.context == fmt::format("worker={}", worker));
    }
  }
  CHECK(handled == kRequests);
}

TEST_CASE("a synchronous logger shows the context too") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("ctx-sync");
  log.set_mode(ringlog::Mode::sync);
  {
    Context c{{"order_id", 7}};
    RLOG_INFO(log, "sync {}", 1, kv("qty", 100));
  }
  RLOG_INFO(log, "sync {}", 2);
  log.set_mode(ringlog::Mode::async);
  const auto r = capture.sink().records();  // sync: written before the call returned
  REQUIRE(r.size() == 2);
  CHECK(r[0].context == "order_id=7");
  CHECK(r[0].fields == "qty=100");
  CHECK(r[0].message == "sync 1");
  CHECK(r[1].context.empty());
}

TEST_CASE("kv() fields travel after the message's arguments and keep their types") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("kv");
  const std::string account = "ACC-1";
  enum class Side : short { buy = 1 };
  RLOG_INFO(log, "order accepted", kv("order_id", 42ull), kv("px", 101.25), kv("account", account),
            kv("urgent", true), kv("side", Side::buy), kv("delta", -3), kv("f", 0.5f),
            kv("c", 'z'));
  RLOG_INFO(log, "filled {} @ {}", 10, 99.5, kv("order_id", 42));
  RLOG_INFO(log, "no fields {}", 1);
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 3);
  CHECK(r[0].message == "order accepted");
  CHECK(r[0].fields == "order_id=42 px=101.25 account=ACC-1 urgent=true side=1 delta=-3 f=0.5 c=z");
  CHECK(r[1].message == "filled 10 @ 99.5");
  CHECK(r[1].fields == "order_id=42");
  CHECK(r[2].fields.empty());
}

TEST_CASE("one statement used with several loggers keeps its kv() keys for each") {
  ScopedCapture capture;
  ringlog::Logger& a = ringlog::get_logger("kv-a");
  ringlog::Logger& b = ringlog::get_logger("kv-b");
  for (ringlog::Logger* log : {&a, &b, &a}) RLOG_WARN(*log, "x {}", 1, kv("id", 5), kv("tag", "t"));
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 3);
  for (const auto& rec : r) CHECK(rec.fields == "id=5 tag=t");
  CHECK(r[1].logger == "kv-b");
}

TEST_CASE("a kv() string too large for the ring is cut like any argument") {
  ringlog::Config config;
  config.queue_bytes = 4096;  // records up to 2 KiB
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("kv-big");
  const std::string huge(10000, 'h');
  // A new thread, so its ring has the small size configured here.
  std::thread([&] { RLOG_INFO(log, "big", kv("blob", huge), kv("n", 1)); }).join();
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 1);
  CHECK(r[0].fields.size() < 2100);
  CHECK(r[0].fields.find("...[truncated] n=1") != std::string::npos);
}

TEST_CASE("context set before start() applies to the records that waited in the ring") {
  ringlog::Logger& log = ringlog::get_logger("early");
  std::thread([&log] {
    Context c{{"phase", "boot"}};
    RLOG_INFO(log, "early");
  }).join();
  ScopedCapture capture;
  RLOG_INFO(log, "late");
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 2);
  CHECK(r[0].context == "phase=boot");
  CHECK(r[1].context.empty());
}
