#include "sinks/layout_sink.h"

#include <unistd.h>

#include <stdexcept>

#include "sinks/torn_line.h"

namespace ringlog::detail {

LayoutSink::LayoutSink(ConsoleTarget console, const Layout& layout)
    : kind_(layout.kind),
      layout_(make_record_layout(layout)),
      framed_(layout_->frames_files()),
      out_(layout_->framing()),
      console_(console) {
  if (layout.kind == Layout::Kind::binary) {
    throw std::invalid_argument(
        "ringlog: console_sink() cannot take binary_layout(); write binary logs to a file "
        "(file_sink or rotating_file_sink) and read them with ringlog-cat");
  }
}

LayoutSink::LayoutSink(FileTarget file, const Layout& layout)
    : kind_(layout.kind),
      layout_(make_record_layout(layout)),
      framed_(layout_->frames_files()),
      out_(layout_->framing()),
      file_(std::move(file)),
      takes_runs_(layout_->takes_runs() && !file_->rotates_by_size() && !file_->rotates_by_time()) {
}

void LayoutSink::open(const SinkContext& context) {
  layout_->open(context, out_.buffer());
  if (file_) {
    file_->open(out_, context);
    if (kind_ != Layout::Kind::binary) mark_torn_line();
  } else {
    const int fd = console_->stream == ConsoleStream::out ? STDOUT_FILENO : STDERR_FILENO;
    colour_ = console_->colour == Colour::always ||
              (console_->colour == Colour::automatic && ::isatty(fd));
    out_.reset(fd, console_->stream == ConsoleStream::out ? "stdout" : "stderr", &context,
               /*owned=*/false);
  }
  layout_->begin_file();
  // A file's header is on disk before any record: even a crash leaves a valid file.
  if (out_.buffer().size() > 0) flush();
}

void LayoutSink::mark_torn_line() {
  // A line cut by a killed writer (kill -9 or a crash before a restart or an adoption) is ended
  // and marked before this run's first line, so it never reads as a record. The layout's open
  // put nothing in the buffer for a line layout; flushed below with the rest.
  const std::string repair = torn_line_repair(file_->path(), kind_ == Layout::Kind::json_lines);
  auto& buffer = out_.buffer();
  buffer.append(repair.data(), repair.data() + repair.size());
}

void LayoutSink::write(const LogEvent& event) {
  // By the record's own time, so a batch that spans midnight splits where the records do.
  if (file_ && file_->new_period(event.unix_ns())) [[unlikely]] {
    enter_period();
  }
  // A framed file (binary) is split before a record, so each file holds whole segments; any
  // other after it is laid out, when its size is known, so max_bytes is a cap: only a record
  // larger than max_bytes makes a file larger, and it is alone in it.
  const bool framed = framed_;
  // The bound is asked for only when the file rotates by size: it costs as much as a small record.
  if (file_ && framed && file_->rotates_by_size() &&
      file_->over_cap(out_, out_.buffer().size() + layout_->bound(event))) {
    rotate(0);
  }
  const std::size_t start = out_.buffer().size();
  if (!layout_->append(event, colour_)) return;
  if (file_ && !framed && file_->over_cap(out_, out_.buffer().size())) {
    rotate(out_.buffer().size() - start);
  }
  if (file_) file_->record_added();
  if (out_.buffer().size() > kMaxBuffered) flush();
}

void LayoutSink::write_run(const RecordRun& run) {
  // takes_runs(): no rotation, so nothing to check per record but the buffer's bound.
  if (layout_->append_run(run, level())) file_->record_added();
  if (out_.buffer().size() > kMaxBuffered) flush();
}

void LayoutSink::flush() {
  layout_->seal();
  if (out_.buffer().size() > 0) {
    if (file_ && file_->moved_away(out_)) follow_moved_file();
    write_out(out_.buffer().size());
  }
  // A failed rotation leaves the file growing until the next batch tries again: one attempt per
  // batch, not one per record.
  if (file_) file_->next_batch();
}

void LayoutSink::close() {
  if (out_.is_open() || out_.buffer().size() > 0) {
    layout_->end_file();
    flush();
  }
  out_.close();  // reports a run of failures still going on
}

void LayoutSink::write_out(std::size_t bytes) {
  if (bytes == 0) return;
  const bool ok = file_ ? file_->write_front(out_, bytes) : out_.flush_front(bytes);
  layout_->written(ok);
}

void LayoutSink::rotate(std::size_t keep) {
  // Only a layout that keeps nothing back (framed) adds bytes at the end of a file.
  layout_->end_file();
  layout_->seal();
  write_out(out_.buffer().size() - keep);
  // Moved aside and a new file open, or the current one still open and growing: either way a
  // new segment of a framed layout starts here (appending a segment to a file is valid).
  file_->rotate(out_);
  layout_->begin_file();
}

void LayoutSink::enter_period() {
  layout_->end_file();
  layout_->seal();
  write_out(out_.buffer().size());
  file_->enter_period(out_);
  layout_->begin_file();
}

void LayoutSink::follow_moved_file() {
  if (layout_->frames_files()) {
    // The bytes in hand refer to definitions in the old file: they finish it there.
    layout_->end_file();
    layout_->seal();
    write_out(out_.buffer().size());
    out_.detach();
    // Should the open fail, the new header waits in the buffer for the next try.
    file_->reopen(out_, false);
    layout_->begin_file();
    layout_->seal();
    return;
  }
  // Lines stand alone: the ones in hand go to the new file.
  out_.detach();
}

}  // namespace ringlog::detail
