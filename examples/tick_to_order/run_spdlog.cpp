// The spdlog async run, for comparison: the same records through spdlog's thread pool to a
// text file. Built only when meson finds spdlog's headers (used header-only, same flags).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/async.h>
#include <spdlog/async_logger.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline.h"
#include "runs.h"

// spdlog formats on the calling thread, so it needs fmt formatters; these print what ringlog's
// descriptions print, so both logs carry the same text.
template <>
struct fmt::formatter<demo::Side> : fmt::formatter<std::string_view> {
  auto format(demo::Side s, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(s == demo::Side::buy ? "buy" : "sell", ctx);
  }
};
template <>
struct fmt::formatter<demo::BookLevel> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const demo::BookLevel& l, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "BookLevel{{px: {}, qty: {}}}", l.px, l.qty);
  }
};
template <>
struct fmt::formatter<demo::Quote> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const demo::Quote& q, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "Quote{{seq: {}, bid: {}, ask: {}}}", q.seq, q.bid, q.ask);
  }
};
template <>
struct fmt::formatter<demo::Order> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  auto format(const demo::Order& o, fmt::format_context& ctx) const {
    return fmt::format_to(ctx.out(), "Order{{id: {}, quote_seq: {}, side: {}, qty: {}, px: {}}}",
                          o.id, o.quote_seq, o.side, o.qty, o.px);
  }
};

namespace demo {
namespace {

constexpr const char* kPattern = "%Y-%m-%d %H:%M:%S.%F %l [%t] %n %s:%# %v";

class Spdlog {
 public:
  static constexpr bool kLogs = true;

  explicit Spdlog(const std::string& path)
      : sink_(std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false)),
        // 8192 slots (spdlog's default), one worker; block like ringlog's runs, so nothing drops.
        pool_(std::make_shared<spdlog::details::thread_pool>(8192, 1)),
        md_(make("md")),
        strategy_(make("strategy")),
        gateway_(make("gateway")) {}

  void on_thread_start(std::string_view) {}
  void quote(const Quote& q, const std::vector<BookLevel>& book) {
    SPDLOG_LOGGER_INFO(md_, "quote {} book {}", q, book);
  }
  void order(const Order& o) { SPDLOG_LOGGER_INFO(strategy_, "sending {}", o); }
  void fill(const Order& o) { SPDLOG_LOGGER_INFO(gateway_, "filled {} venue {}", o, "XNAS"); }
  void reject(const Order& o, std::string_view reason) {
    SPDLOG_LOGGER_WARN(gateway_, "rejected {}: {}", o, reason);
  }

  // The file is complete once the pool has drained and the last owner of the sink is gone.
  void close() {
    md_.reset();
    strategy_.reset();
    gateway_.reset();
    pool_.reset();  // joins the worker after it has processed its queue
    sink_.reset();
  }

 private:
  std::shared_ptr<spdlog::logger> make(const char* name) {
    auto l = std::make_shared<spdlog::async_logger>(name, sink_, pool_,
                                                    spdlog::async_overflow_policy::block);
    l->set_pattern(kPattern);
    return l;
  }

  std::shared_ptr<spdlog::sinks::basic_file_sink_mt> sink_;
  std::shared_ptr<spdlog::details::thread_pool> pool_;
  std::shared_ptr<spdlog::logger> md_, strategy_, gateway_;
};

std::uint64_t count_lines(const std::string& path) {
  std::ifstream in(path);
  std::uint64_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

}  // namespace

bool spdlog_available() noexcept {
  return true;
}

RunResult run_spdlog(const Workload& w, const std::filesystem::path& dir, bool fresh) {
  RunResult r{"spdlog async, text file", {}, 0, 0, (dir / "spdlog_async.log").string()};
  if (fresh) std::filesystem::remove(r.log_path);
  const std::uint64_t lines_before = count_lines(r.log_path);
  Spdlog log(r.log_path);
  r.pipeline = run_pipeline(w, log);
  log.close();
  r.written = count_lines(r.log_path) - lines_before;
  r.dropped = r.pipeline.logged > r.written ? r.pipeline.logged - r.written : 0;
  return r;
}

}  // namespace demo
