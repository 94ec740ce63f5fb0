// Reads binary log bytes back into LogEvents: frames chunks, verifies their checksums,
// resynchronises after damage and decodes records with the definitions the file carries.
// Input arrives in pieces (a file read in blocks, a pipe, a file still being written).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "codec/file_header.h"
#include "codec/format_guard.h"
#include "codec/seen_chunks.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

class ByteReader;
struct FileHeaderEntry;
struct CallSiteEntry;
struct ThreadDefinition;
struct ThreadSwitch;
struct ClockAnchorEntry;
struct TimeBase;
struct WallTime;
struct SegmentEnd;
struct ContextEntry;

enum class ReadIssueKind : std::uint8_t {
  not_ringlog,      // the input does not start like a ringlog binary log (nothing decoded)
  bad_version,      // a segment of a format major version this reader does not know
  corrupt,          // bytes skipped: a chunk failed its checksum, or garbage between chunks
  truncated,        // the input ends inside a chunk, or without the writer's end marker
  missing_chunks,   // chunk numbers jump: chunks were lost (or cut out) before this point
  bad_entry,        // a checksummed chunk holds an entry that makes no sense (forged/buggy)
  unknown_site,     // records of a call site whose definition was lost are skipped
  duplicate_chunk,  // a chunk repeats one already decoded in its segment: skipped
};

struct ReadIssue {
  ReadIssueKind kind;
  std::uint64_t offset;  // in the input, where the problem starts
  std::string message;   // one line, no trailing newline
};

struct ReaderCounters {
  std::uint64_t input_bytes = 0;
  std::uint64_t segments = 0;
  std::uint64_t chunks = 0;            // good chunks decoded
  std::uint64_t duplicate_chunks = 0;  // good chunks skipped as repeats of decoded ones
  std::uint64_t record_bytes = 0;      // bytes of record entries (head, length, body)
  std::uint64_t records = 0;           // records returned by next()
  std::uint64_t skipped_records = 0;   // records that could not be decoded
  std::uint64_t skipped_bytes = 0;     // input bytes skipped as corrupt or cut off
};

class BinaryReader {
 public:
  using IssueHandler = std::function<void(const ReadIssue&)>;
  // Why a segment header's pattern cannot lay out text (empty: it can). Layouts are the
  // caller's business (src/format), so the caller says which patterns work; the reader reports
  // an unusable one as a bad entry and puts the default pattern in its place. Without a check
  // every pattern is kept as the file has it.
  using PatternCheck = std::function<std::string(const std::string& pattern, bool utc)>;
  explicit BinaryReader(IssueHandler on_issue = {}, PatternCheck check_pattern = {});
  ~BinaryReader();
  BinaryReader(const BinaryReader&) = delete;
  BinaryReader& operator=(const BinaryReader&) = delete;

  // Appends input bytes. Cost: a copy, plus moving the undecoded tail to the buffer's front.
  void feed(const void* data, std::size_t size);
  // Declares the end of input: bytes left over are reported as truncated by the next next().
  void finish() noexcept { input_finished_ = true; }

  // Decodes up to the next record; true when event() describes one (until the next call).
  // False when more input is needed, or at the end, or after a fatal issue (fatal()).
  bool next();

  // The current record. Its CallSite, ThreadInfo and argument bytes live in the reader.
  LogEvent event() const noexcept {
    return LogEvent(*site_, *thread_, ticks_, unix_ns_, {args_.data(), args_.size()}, context_);
  }
  // The header of the segment the current record belongs to (defaults until one is read).
  const FileHeader& header() const noexcept { return header_; }
  // Changes each time a segment header is read: callers rebuild their layout then.
  std::uint64_t header_generation() const noexcept { return header_generation_; }
  // Input offset of the chunk the current record came from.
  std::uint64_t chunk_offset() const noexcept { return chunk_offset_; }

  bool fatal() const noexcept { return phase_ == Phase::failed; }
  // True once next() has returned false after finish() with everything consumed.
  bool at_end() const noexcept { return phase_ == Phase::ended; }
  const ReaderCounters& counters() const noexcept { return counters_; }

 private:
  struct Site;
  struct Thread;
  template <typename T>
  class IdTable;

  // Where the reader is in its input.
  enum class Phase : std::uint8_t {
    preamble,  // the next bytes must open a segment (at the start, or where a magic was seen)
    framing,   // between chunks: looking for the next valid chunk header
    chunk,     // decoding the entries of a checked chunk, [cursor_, chunk_end_) in buffer_
    failed,    // not a ringlog log, or a format version it cannot read: nothing more is decoded
    ended,     // the end of the input was reached and reported
  };
  // How the current segment ends, as far as the reader knows (for "ends without its marker").
  enum class SegmentState : std::uint8_t {
    none,    // no segment started
    open,    // started, no end marker yet
    closed,  // its writer's end marker was read
    cut,     // the input ends inside it (or inside what follows it): reported as such
  };

  // Framing (binary_reader.cpp).
  bool frame();
  enum class ChunkStep : std::uint8_t { entered, need_input, moved_on };
  ChunkStep frame_chunk(std::size_t available);
  bool read_preamble();
  void start_segment();
  void report(ReadIssueKind kind, std::uint64_t offset, std::string message);
  void report_cut(std::uint64_t offset, std::size_t bytes, std::string message);
  void begin_skip(std::uint64_t offset, std::string why);
  void end_skip(std::uint64_t offset);
  void skip_forward();
  void report_end_of_input();
  void enter_chunk(std::uint32_t seq, std::uint32_t length);
  std::uint64_t offset_of(std::size_t index) const noexcept { return buffer_offset_ + index; }

  // Entries (reader_entries.cpp): each kind decoded by its unit in codec/entries/, applied here.
  bool decode_entry();
  bool decode_record(std::uint32_t site_id, const std::byte* body, std::size_t size);
  void decode_control(std::uint8_t kind, const std::byte* body, std::size_t size);
  template <typename Entry>
  void decode_and_apply(ByteReader& in);
  void apply(FileHeaderEntry& e);
  void apply(CallSiteEntry& e);
  void apply(ThreadDefinition& e);
  void apply(ThreadSwitch& e);
  void apply(ClockAnchorEntry& e);
  void apply(TimeBase& e);
  void apply(WallTime& e);
  void apply(SegmentEnd& e);
  void apply(ContextEntry& e);
  void bad_entry(std::string what);
  void report_lost_header_once();

  IssueHandler on_issue_;
  PatternCheck check_pattern_;
  std::vector<std::byte> buffer_;
  std::uint64_t buffer_offset_ = 0;  // input offset of buffer_[0]
  std::size_t pos_ = 0;              // framing position in buffer_
  Phase phase_ = Phase::preamble;
  bool input_finished_ = false;  // finish() was called: no bytes will follow buffer_'s
  std::optional<std::uint64_t> skip_start_;
  std::string skip_reason_;

  // The chunk being decoded.
  std::size_t cursor_ = 0;
  std::size_t chunk_end_ = 0;
  std::uint64_t chunk_offset_ = 0;
  std::uint32_t epoch_ = 0;
  std::uint64_t prev_ticks_ = 0;
  std::optional<std::int64_t> pending_wall_ns_;
  Thread* chunk_thread_ = nullptr;

  // Segment state.
  SegmentState segment_ = SegmentState::none;
  bool header_seen_ = false;  // its header was read, or its loss reported
  std::uint32_t expected_seq_ = 0;
  SeenChunks seen_chunks_;  // decoded in this segment
  FileHeader header_;
  std::uint64_t header_generation_ = 0;
  ClockAnchor anchor_;
  std::unique_ptr<IdTable<Site>> sites_;
  std::unique_ptr<IdTable<Thread>> threads_;

  // The current record.
  const CallSite* site_ = nullptr;
  const ThreadInfo* thread_ = nullptr;
  std::uint64_t ticks_ = 0;
  std::int64_t unix_ns_ = 0;
  std::vector<std::byte> args_;
  std::span<const Field> context_;

  ReaderCounters counters_;
};

}  // namespace ringlog::detail
