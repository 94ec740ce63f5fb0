#include "sinks/layout_sink.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "ringlog/detail/record.h"
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
      takes_runs_(layout_->takes_runs()),
      rotates_(file_->rotates_by_size() || file_->rotates_by_time()) {}

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
  if (rotates_) [[unlikely]] {
    write_rotating_run(run);
  } else {
    append_part(run, {0, 0, run.count});
  }
  if (out_.buffer().size() > kMaxBuffered) flush();
}

void LayoutSink::write_rotating_run(const RecordRun& run) {
  // write() checks each record before laying it out: a new period by its time, then the cap by
  // the layout's bound for it as the next record. Here the records a part takes are those whose
  // bounds for anywhere in the file (run_bound(anywhere)) all fit in the room the part started
  // with: write() would not have switched files before any of them. The first record of each
  // part is checked as write() checks it, so a file switches before the same records as there.
  const Level level = this->level();
  const bool by_time = file_->rotates_by_time();
  RecordLayout::RunPart part;    // records [part.index, index) wait to be appended
  bool part_has_record = false;  // one of them is at or above `level`
  std::size_t budget = 0;        // bytes the part's records may still take by their bounds
  // The last record's site, argument bytes and run_bound(anywhere): a run is mostly one or a
  // few call sites, and the bound is the same for the same ones until the file switches.
  const CallSite* bound_site = nullptr;
  std::size_t bound_args = 0;
  std::size_t anywhere = 0;
  std::size_t index = 0;
  std::size_t offset = 0;
  while (index < run.count) {
    // As append_run() does before each record: a crash from here on skips this record only.
    run.progress->store(offset, std::memory_order_relaxed);
    RecordHeader header;
    std::memcpy(&header, run.records + offset, sizeof header);
    const std::size_t next_offset = offset + align_record(header.size);
    if (run.sites[index]->level < level) {  // skipped by append_run(), never seen by write()
      ++index;
      offset = next_offset;
      continue;
    }
    const std::size_t arg_bytes = header.size - sizeof header;
    const bool new_period = by_time && file_->new_period(run.clock->to_unix_ns(header.ticks));
    if (run.sites[index] != bound_site || arg_bytes != bound_args) {
      anywhere = layout_->run_bound(run, index, arg_bytes, true);
      bound_site = run.sites[index];
      bound_args = arg_bytes;
    }
    if (new_period || !part_has_record || anywhere > budget) {
      part.end = index;
      if (part_has_record) append_part(run, part);
      if (new_period) enter_period();
      if (file_->over_cap(
              out_, out_.buffer().size() + layout_->run_bound(run, index, arg_bytes, false))) {
        rotate(0);
      }
      part = {index, offset, 0};
      // Asked again: a new file has its own header to bound.
      anywhere = layout_->run_bound(run, index, arg_bytes, true);
      const std::size_t room = file_->room(out_);
      const std::size_t used = out_.buffer().size();
      budget = room == SIZE_MAX ? SIZE_MAX : (room > used ? room - used : 0);
      // This record goes in whatever its bound (checked above, as write() does); when it may
      // not fit the room, the next one is checked on its own.
      budget = anywhere > budget ? 0 : budget;
    }
    if (budget != SIZE_MAX) budget -= std::min(anywhere, budget);
    part_has_record = true;
    ++index;
    offset = next_offset;
  }
  part.end = index;
  if (part_has_record) append_part(run, part);
}

void LayoutSink::append_part(const RecordRun& run, RecordLayout::RunPart part) {
  if (layout_->append_run(run, level(), part)) file_->record_added();
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
