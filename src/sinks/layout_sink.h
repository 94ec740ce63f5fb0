// Every built-in sink: a target (the console, or a file with its reopening and rotation) times a
// layout (pattern text, JSON Lines, binary). Each half is written once; every pair works.
#pragma once

#include <memory>
#include <optional>

#include "delivery/record_run.h"
#include "ringlog/sinks.h"
#include "sinks/fd_writer.h"
#include "sinks/file_target.h"
#include "sinks/record_layout.h"

namespace ringlog::detail {

struct ConsoleTarget {
  ConsoleStream stream = ConsoleStream::out;
  Colour colour = Colour::automatic;
};

// Takes runs of raw records (RunSink) when its layout can (the binary one): a binary file, plain
// or rotating. A rotating file's run is cut into parts where a record starts a new period or may
// pass the size cap, and the file switched between parts as write() would before that record.
class LayoutSink final : public Sink, public RunSink {
 public:
  // Throws std::invalid_argument for the binary layout: a console is for reading.
  LayoutSink(ConsoleTarget console, const Layout& layout);
  LayoutSink(FileTarget file, const Layout& layout);

  void open(const SinkContext& context) override;
  void write(const LogEvent& event) override;
  void flush() override;
  void close() override;

  bool takes_runs() const noexcept override { return takes_runs_; }
  void write_run(const RecordRun& run) override;

 private:
  // Bounds the buffer when single records are huge; normally the batch flush empties it.
  static constexpr std::size_t kMaxBuffered = std::size_t{1} << 20;

  // write_run() for a file that rotates: parts of the run between the rotations.
  void write_rotating_run(const RecordRun& run);
  // Appends `part` of `run`; the file holds records once any of them was stored.
  void append_part(const RecordRun& run, RecordLayout::RunPart part);
  // Hands the first `bytes` buffered bytes (sealed) to the target.
  void write_out(std::size_t bytes);
  // Finishes the current file and starts the next one; the last `keep` buffered bytes (a
  // record laid out for the next file) stay in the buffer.
  void rotate(std::size_t keep);
  // Rotation by time: a record starts a new period. Finishes the current file (all buffered
  // bytes belong to it) and starts the new period's.
  void enter_period();
  // The path now names another file: the layout's bytes go where they belong, then the path
  // is opened anew.
  void follow_moved_file();
  // Text and JSON Lines files: ends and marks a last line cut by a killed writer.
  void mark_torn_line();

  Layout::Kind kind_;
  std::unique_ptr<RecordLayout> layout_;
  bool framed_;  // layout_->frames_files(), asked once instead of per record
  FdWriter out_;
  std::optional<ConsoleTarget> console_;
  std::optional<FileTarget> file_;
  bool colour_ = false;
  bool takes_runs_ = false;
  bool rotates_ = false;  // by size or by time: runs are cut where the file may switch
};

}  // namespace ringlog::detail
