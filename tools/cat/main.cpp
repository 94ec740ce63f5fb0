// ringlog-cat: decodes ringlog binary logs to text (as the text sink would have written them),
// JSON Lines or statistics. See help_text() in options.cpp for the interface.
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cat/input.h"
#include "cat/json_output.h"
#include "cat/options.h"
#include "cat/output.h"
#include "cat/record_filter.h"
#include "cat/recover.h"
#include "cat/stats.h"
#include "codec/binary_format.h"
#include "format/text_layout.h"

#ifndef RINGLOG_VERSION
#define RINGLOG_VERSION "unknown"
#endif

namespace ringlog::cat {
namespace {

// Problem reports on stderr: the first few per input, then a count.
constexpr int kReportsPerInput = 20;

class Problems {
 public:
  explicit Problems(bool quiet) : quiet_(quiet) {}

  void add(const std::string& input, detail::ReadIssueKind kind, const std::string& message) {
    using K = detail::ReadIssueKind;
    switch (kind) {
      case K::not_ringlog:
      case K::bad_version:
        status_ = kExitUnreadable;
        break;
      case K::truncated:
        if (status_ == kExitOk) status_ = kExitTruncated;
        break;
      default:
        if (status_ != kExitUnreadable) status_ = kExitCorrupt;
    }
    int& n = reported_[input];
    if (quiet_) return;
    if (++n <= kReportsPerInput) {
      std::fprintf(stderr, "ringlog-cat: %s: %s\n", input.c_str(), message.c_str());
    }
  }
  void summarise() {
    for (const auto& [input, n] : reported_) {
      if (!quiet_ && n > kReportsPerInput) {
        std::fprintf(stderr, "ringlog-cat: %s: %d more problems not shown\n", input.c_str(),
                     n - kReportsPerInput);
      }
    }
  }
  int status() const { return status_; }

 private:
  bool quiet_;
  int status_ = kExitOk;
  std::map<std::string, int> reported_;
};

// One input plus how its records are printed.
struct Source {
  std::unique_ptr<Input> input;
  std::optional<detail::TextLayout> layout;
  std::uint64_t layout_generation = ~std::uint64_t{0};
  bool has_record = false;
  bool done = false;
};

class Decoder {
 public:
  Decoder(const Options& options, Problems& problems)
      : options_(options),
        problems_(problems),
        filter_(options.select),
        json_(options.otel, options.service_name, options.host_name) {}

  int run() {
    for (const std::string& path : options_.inputs) {
      auto source = std::make_unique<Source>();
      source->input = std::make_unique<Input>(
          path, options_.follow,
          [this, name = path == "-" ? std::string("(stdin)") : path](detail::ReadIssueKind kind,
                                                                     std::string message) {
            problems_.add(name, kind, message);
          },
          [this, path](const std::string& note) {
            if (!options_.quiet) {
              std::fprintf(stderr, "ringlog-cat: %s: %s\n", path.c_str(), note.c_str());
            }
          });
      if (!source->input->open()) continue;
      sources_.push_back(std::move(source));
    }
    for (;;) {
      for (auto& s : sources_) {
        if (!s->has_record && !s->done) advance(*s);
      }
      // Print the oldest ready record, then refill its input. Without --follow every input that
      // is not done has a record ready, so the merge is exact; with it, an input waiting for
      // data does not hold the others back.
      while (!output_.closed()) {
        Source* next = oldest_ready();
        if (next == nullptr) break;
        emit(*next);
        advance(*next);
        output_.maybe_flush();
      }
      const bool all_done =
          std::all_of(sources_.begin(), sources_.end(), [](const auto& s) { return s->done; });
      if (all_done || output_.closed()) break;
      output_.flush();
      const timespec pause{0, 100'000'000};  // --follow: poll for growth ten times a second
      nanosleep(&pause, nullptr);
    }
    if (options_.stats && !output_.closed()) stats_.print(output_.buffer());
    if (!output_.flush()) return kExitUnreadable;
    return 0;
  }

 private:
  // The input whose next record comes first, or null if none has one ready. The merge order
  // (documented in --help): earlier time first; equal times (the TSC ticks coarsely on some
  // machines) go to the input named first on the command line, so the output is the same on
  // every run. Each input's records keep their order in that input, so records of one thread
  // are never reordered.
  Source* oldest_ready() const {
    Source* next = nullptr;
    for (const auto& s : sources_) {  // sources_ is in command-line order
      if (!s->has_record) continue;
      // Strictly earlier only: on a tie the input met first (named first) keeps the lead.
      if (next == nullptr ||
          s->input->reader().event().unix_ns() < next->input->reader().event().unix_ns()) {
        next = s.get();
      }
    }
    return next;
  }

  void advance(Source& s) {
    const Input::Status status = s.input->advance();
    s.has_record = status == Input::Status::record;
    if (status == Input::Status::done && !s.done) {
      s.done = true;
      stats_.add_input(s.input->reader().counters());
    }
  }

  void emit(Source& s) {
    detail::BinaryReader& reader = s.input->reader();
    const LogEvent event = reader.event();
    if (!filter_.matches(event, reader.header().utc)) return;
    if (options_.stats) {
      stats_.add(event);
    } else if (options_.json) {
      json_.append(event, reader.header(), output_.buffer());
    } else {
      if (s.layout_generation != reader.header_generation()) {
        s.layout_generation = reader.header_generation();
        s.layout.emplace(options_.pattern ? *options_.pattern : reader.header().pattern,
                         reader.header().utc, reader.header().append_fields);
      }
      s.layout->format(event, output_.buffer());
    }
  }

  const Options& options_;
  Problems& problems_;
  RecordFilter filter_;
  std::vector<std::unique_ptr<Source>> sources_;
  Output output_;
  JsonRecords json_;
  Stats stats_;
};

}  // namespace
}  // namespace ringlog::cat

int main(int argc, char** argv) {
  using namespace ringlog::cat;
  // A closed pipe shows up as EPIPE from write(), handled quietly, instead of killing us.
  signal(SIGPIPE, SIG_IGN);
  Options options;
  try {
    options = parse_options(argc, argv);
    if (options.help) {
      std::fputs(help_text(), stdout);
      return kExitOk;
    }
    if (options.version) {
      std::printf("ringlog-cat (ringlog %s), reads binary log format %u.x (writes %u.%u)\n",
                  RINGLOG_VERSION, ringlog::detail::kFormatMajor, ringlog::detail::kFormatMajor,
                  ringlog::detail::kFormatMinor);
      return kExitOk;
    }
    if (options.recover) return run_recover(options);
    Problems problems(options.quiet);
    Decoder decoder(options, problems);
    const int output_status = decoder.run();
    problems.summarise();
    return output_status != 0 ? output_status : problems.status();
  } catch (const UsageError& e) {
    std::fprintf(stderr, "ringlog-cat: %s\n", e.what());
    return kExitUsage;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ringlog-cat: %s\n", e.what());
    return kExitUnreadable;
  }
}
