// The layout half of a sink: turns records into bytes in a buffer that the target half (console,
// file, rotating file) hands to the OS. One implementation per ringlog::Layout::Kind.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <memory>

#include "delivery/record_run.h"
#include "ringlog/sinks.h"
#include "sinks/fd_writer.h"

namespace ringlog::detail {

class RecordLayout {
 public:
  virtual ~RecordLayout() = default;

  // What the bytes are, for the writer's loss accounting.
  virtual FdWriter::Framing framing() const noexcept { return FdWriter::Framing::lines; }
  // Called from Sink::open() with the buffer every later call appends to. Throws
  // std::invalid_argument for a bad pattern.
  virtual void open(const SinkContext& context, fmt::memory_buffer& out) = 0;
  // Appends one record; false when it was not stored (the layout reported and counted it).
  // `colour`: ANSI colour around the level, where the layout has one.
  virtual bool append(const LogEvent& event, bool colour) = 0;

  // True when append_run() works: runs of raw records (RecordRun) go straight to the layout.
  virtual bool takes_runs() const noexcept { return false; }
  // Records [index, end) of a run; `offset`: record `index`'s bytes in RecordRun::records.
  struct RunPart {
    std::size_t index = 0;
    std::size_t offset = 0;
    std::size_t end = 0;
  };
  // append() of each record of `part` of `run` at or above `level`; true when any was stored.
  virtual bool append_run([[maybe_unused]] const RecordRun& run, [[maybe_unused]] Level level,
                          [[maybe_unused]] RunPart part) {
    return false;
  }

  // True when each file starts with a header that later bytes refer to (the binary log): a file
  // is then split before a record, never after, and bytes laid out for one file go to it.
  virtual bool frames_files() const noexcept { return false; }
  // frames_files() only: bytes append(event) and end_file() add at most.
  virtual std::size_t bound([[maybe_unused]] const LogEvent& event) const noexcept { return 0; }
  // frames_files() and takes_runs(): bound() of record `index` of `run`, with `arg_bytes` of
  // arguments, appended next (`anywhere` false) or anywhere later in the file (`anywhere` true:
  // what a run may count on for each record without asking again).
  virtual std::size_t run_bound([[maybe_unused]] const RecordRun& run,
                                [[maybe_unused]] std::size_t index,
                                [[maybe_unused]] std::size_t arg_bytes,
                                [[maybe_unused]] bool anywhere) const noexcept {
    return 0;
  }
  // A file starts (after open, rotation or a reopen) / is finished (before rotation or close).
  virtual void begin_file() {}
  virtual void end_file() {}
  // Before the buffer is handed out: completes what is open in it (the binary log's chunk).
  virtual void seal() {}
  // The sealed bytes reached the file (`ok`) or were lost.
  virtual void written([[maybe_unused]] bool ok) {}
};

// The layout `layout` describes. Throws std::invalid_argument for an unknown kind.
std::unique_ptr<RecordLayout> make_record_layout(const Layout& layout);

// One per kind (line_layouts.cpp, binary_layout.cpp).
std::unique_ptr<RecordLayout> make_pattern_layout(const Layout& layout);
std::unique_ptr<RecordLayout> make_json_lines_layout(const Layout& layout);
std::unique_ptr<RecordLayout> make_binary_layout();

}  // namespace ringlog::detail
