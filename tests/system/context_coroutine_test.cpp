// A coroutine's context follows it across threads (support/context_coroutine.h), and the
// threads it passes through keep their own.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"
#include "support/context_coroutine.h"

using ringlog::Context;
using ringlog::test::ContextTask;
using ringlog::test::hop_to;
using ringlog::test::NamedPool;
using ringlog::test::ScopedCapture;

namespace {

ContextTask hop_around(ringlog::Logger& log, NamedPool& a, NamedPool& b, int id) {
  Context order{{"order_id", id}};
  RLOG_INFO(log, "coro {} step 1", id);
  co_await hop_to(a);
  RLOG_INFO(log, "coro {} step 2", id);
  co_await hop_to(b);
  {
    Context step{{"step", "send"}};
    RLOG_INFO(log, "coro {} step 3", id);
    co_await hop_to(a);  // hop while the inner scope is open
    RLOG_INFO(log, "coro {} step 4", id);
  }
  RLOG_INFO(log, "coro {} step 5", id);
}

}  // namespace

TEST_CASE("coroutines hopping between threads keep their context, threads keep theirs") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("coro");
  constexpr int kCoroutines = 40;
  {
    Context here{{"where", "test"}};
    NamedPool a("qa", 2), b("qb", 1);
    std::vector<ContextTask> tasks;
    for (int id = 0; id < kCoroutines; ++id) {
      tasks.push_back(hop_around(log, a, b, id));
      tasks.back().start();
      RLOG_INFO(log, "test thread after start {}", id);
    }
    for (auto& t : tasks) t.wait();
    // The pool threads run plain tasks with their own context again.
    for (int i = 0; i < 4; ++i) {
      a.post([&log, i] { RLOG_INFO(log, "plain task {}", i); });
      b.post([&log, i] { RLOG_INFO(log, "plain task {}", i); });
    }
  }  // joins the queues
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == kCoroutines * 5 + kCoroutines + 8);
  std::vector<int> steps_seen(kCoroutines, 0);
  std::vector<std::string> threads_seen(kCoroutines);
  for (const auto& r : records) {
    int id = -1, step = -1;
    if (std::sscanf(r.message.c_str(), "coro %d step %d", &id, &step) == 2) {
      REQUIRE(id >= 0);
      REQUIRE(id < kCoroutines);
      const std::string expected = step == 3 || step == 4
                                       ? fmt::format("where=test order_id={} step=send", id)
                                       : fmt::format("where=test order_id={}", id);
      CHECK(r.context == expected);
      CHECK(step == steps_seen[id] + 1);  // each coroutine's steps in order
      steps_seen[id] = step;
      if (step == 2) threads_seen[id] = r.thread;
      if (step == 1) CHECK(r.thread != "qa-0");
      if (step == 3) CHECK(r.thread == "qb-0");
    } else if (r.message.starts_with("test thread after start")) {
      CHECK(r.context == "where=test");  // the coroutine's scope did not leak
    } else {
      REQUIRE(r.message.starts_with("plain task"));
      CHECK((r.context == "worker=0" || r.context == "worker=1"));
    }
  }
  for (int id = 0; id < kCoroutines; ++id) {
    CHECK(steps_seen[id] == 5);
    CHECK(threads_seen[id].starts_with("qa-"));
  }
}

TEST_CASE("a coroutine started with no context logs none, and leaves none behind") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("coro-empty");
  {
    NamedPool a("qe", 1);
    auto task = [](ringlog::Logger& lg, NamedPool& q) -> ContextTask {
      RLOG_INFO(lg, "before hop");
      co_await hop_to(q);
      RLOG_INFO(lg, "after hop");
    }(log, a);
    task.start();
    task.wait();
    a.post([&log] { RLOG_INFO(log, "worker alone"); });
  }
  ringlog::flush();
  const auto r = capture.sink().records();
  REQUIRE(r.size() == 3);
  CHECK(r[0].context.empty());
  CHECK(r[1].context.empty());  // not the worker's: the coroutine runs in its own context
  CHECK(r[2].context == "worker=0");
}
