// The binary log layout: records are encoded (not formatted) into checksummed chunks, one chunk
// per flush or per 64 KiB, each file a self-describing segment. Decode with ringlog-cat;
// docs/binary-format.md describes the bytes.
#include <optional>
#include <string>

#include "codec/binary_writer.h"
#include "sinks/record_layout.h"

namespace ringlog::detail {
namespace {

class BinaryLayout final : public RecordLayout {
 public:
  FdWriter::Framing framing() const noexcept override { return FdWriter::Framing::opaque; }

  void open(const SinkContext& context, fmt::memory_buffer& out) override {
    context_ = &context;
    // start() calibrated the clock just before opening the sinks.
    anchor_ = context.clock;
    writer_.emplace(out);
  }

  bool append(const LogEvent& event, [[maybe_unused]] bool colour) override {
    // Records converted by the backend carry the anchor it used; a synchronous logger's record
    // carries its own wall time, which the writer then stores as such.
    if (event.clock() != nullptr) anchor_ = *event.clock();
    if (need_segment_) begin_file();
    if (!writer_->append(event, event.clock())) {
      report_mismatch(event.format_string());
      return false;
    }
    return true;
  }

  bool takes_runs() const noexcept override { return true; }
  bool append_run(const RecordRun& run, Level level, RunPart part) override {
    // As append() for each record: the backend converted their ticks with run.clock.
    anchor_ = *run.clock;
    if (need_segment_) begin_file();
    const std::size_t stored = writer_->append_run(run, level, {part.index, part.offset}, part.end);
    for (const CallSite* site : writer_->run_failures()) report_mismatch(site->format);
    return stored != 0;
  }

  bool frames_files() const noexcept override { return true; }
  std::size_t bound(const LogEvent& event) const noexcept override {
    return writer_->record_bound(event) + BinaryWriter::kEndSegmentBytes;
  }
  std::size_t run_bound(const RecordRun& run, std::size_t index, std::size_t arg_bytes,
                        bool anywhere) const noexcept override {
    return writer_->run_record_bound(run, index, arg_bytes, anywhere) +
           BinaryWriter::kEndSegmentBytes;
  }
  void begin_file() override {
    const Config& config = *context_->config;
    writer_->begin_segment(
        current_file_header(config.pattern, config.utc_time, config.append_fields, anchor_));
    need_segment_ = false;
    segment_on_disk_ = false;
  }
  void end_file() override { writer_->end_segment(); }
  void seal() override { writer_->end_chunk(); }
  void written(bool ok) override {
    if (ok) {
      segment_on_disk_ = true;
      return;
    }
    // The lost bytes may have held definitions, or the segment's header: send them again.
    writer_->forget_definitions();
    if (!segment_on_disk_) need_segment_ = true;
  }

 private:
  // A record of the call site with this format string did not match the site's signature: it is
  // counted lost and reported, the same for one record (append) and within a run (append_run).
  void report_mismatch(std::string_view format) {
    context_->lost_records(1);
    context_->report("binary log: a record of '" + std::string(format) +
                     "' does not match its call site's signature; skipped");
  }

  const SinkContext* context_ = nullptr;
  ClockAnchor anchor_;                  // the latest seen: the next segment header's
  std::optional<BinaryWriter> writer_;  // made at open(), on the sink's buffer
  bool need_segment_ = false;
  bool segment_on_disk_ = false;  // the current segment's header reached the file
};

}  // namespace

std::unique_ptr<RecordLayout> make_binary_layout() {
  return std::make_unique<BinaryLayout>();
}

}  // namespace ringlog::detail
