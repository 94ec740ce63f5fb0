// Reads one process's ring directory (Config::ring_dir/<program>.<pid>/) after the process
// died, and hands out the records its rings still held: committed by a log call, not yet
// written by the sinks. Everything is validated (magic, version, sizes, indices, record
// headers, call-site ids): what validates is kept, the rest is reported in problems(). Never
// throws for damaged content (std::bad_alloc aside), never reads outside the bytes it read,
// never blocks on a non-regular file.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "context/received_context.h"
#include "ringlog/clock_anchor.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

class RingDirReader {
 public:
  // Reads every file of `dir` now. Not thread-safe; the object keeps everything it hands out.
  explicit RingDirReader(std::string dir);
  // The same from bytes in memory (the fuzz target): a process file, a sites file, ring files.
  RingDirReader(std::string name, std::vector<std::byte> process, std::vector<std::byte> sites,
                std::vector<std::vector<std::byte>> rings);
  ~RingDirReader();
  RingDirReader(const RingDirReader&) = delete;
  RingDirReader& operator=(const RingDirReader&) = delete;

  // The process file validated: identity, clock and layout below are the writer's.
  bool usable() const noexcept { return usable_; }
  int pid() const noexcept { return pid_; }
  std::uint64_t start_time() const noexcept { return start_time_; }
  const std::string& program() const noexcept { return program_; }
  // The writer's Config::pattern (empty: use the default), utc_time, append_fields.
  const std::string& pattern() const noexcept { return pattern_; }
  bool utc_time() const noexcept { return utc_time_; }
  bool append_fields() const noexcept { return append_fields_; }
  const ClockAnchor& anchor() const noexcept { return anchor_; }
  // "<path>: <reason>" for everything that did not validate.
  const std::vector<std::string>& problems() const noexcept { return problems_; }
  // Stranded records that validated.
  std::size_t record_count() const noexcept;
  // Calls `f` for every stranded record, in timestamp order across threads (one thread's records
  // keep their order). The event is valid during the call only.
  void for_each(const std::function<void(const LogEvent&)>& f) const;

 private:
  struct Site;
  struct Ring;
  struct Stranded;

  void read_process(const std::string& path, const std::vector<std::byte>& bytes);
  void read_sites(const std::string& path, const std::vector<std::byte>& bytes);
  void read_ring(const std::string& path, std::vector<std::byte> bytes);
  void walk_ring(const std::string& path, Ring& ring, std::uint64_t read, std::uint64_t write);
  void problem(const std::string& path, const std::string& reason);
  void sort_records();

  std::string dir_;
  bool usable_ = false;
  int pid_ = 0;
  std::uint64_t start_time_ = 0;
  std::string program_;
  std::string pattern_;
  bool utc_time_ = true;
  bool append_fields_ = true;
  ClockAnchor anchor_;
  std::vector<std::string> problems_;
  std::map<std::uint32_t, std::unique_ptr<Site>> sites_;
  std::vector<std::unique_ptr<Ring>> rings_;
  std::vector<Stranded> records_;
};

}  // namespace ringlog::detail
