// Turns LogEvents into binary log bytes: chunks of compact records, preceded by the call-site,
// thread and clock entries a reader needs to decode them.
#pragma once

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "codec/binary_format.h"
#include "codec/compact_args.h"
#include "codec/entries/entry_io.h"
#include "codec/entries/framing.h"
#include "codec/file_header.h"
#include "codec/varint.h"
#include "delivery/record_run.h"
#include "ringlog/clock_anchor.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {

class BinaryWriter {
 public:
  // Appends everything to `out`. Bytes up to the last end_chunk() are complete and may be
  // written out (and cleared); the open chunk's bytes must stay until end_chunk().
  explicit BinaryWriter(fmt::memory_buffer& out) : out_(out) {}

  // Starts a self-describing segment (preamble and a chunk holding `header`) and forgets every
  // definition, so the records that follow decode without anything written before. Every
  // kDefinitionRefreshBytes the header and the definitions in use are sent again, so that a
  // damaged chunk costs a bounded stretch of the file, not the rest of the segment.
  void begin_segment(const FileHeader& header);

  // Encodes one record into the open chunk (opening one if needed). `anchor` is the clock
  // anchor the event's unix_ns was computed with, or nullptr when it was not computed from the
  // ticks (the wall time is then stored). Returns false, writing nothing, when the arguments do
  // not match the call site's signature. Cost: ~20 ns, no allocation once sites are known.
  bool append(const LogEvent& event, const ClockAnchor* anchor);

  // A record of a run and its bytes in RecordRun::records.
  struct RunPosition {
    std::size_t index = 0;
    std::size_t offset = 0;
  };
  // append() of each record of `run` from `from` up to (not including) record `end` (a part of
  // the run, so that a rotating file can be switched between two parts) whose site's level is at
  // least `level`, with the run's thread, context and clock looked at once per chunk instead of
  // once per record. Returns the records stored; those that do not match their call site's
  // signature are skipped and listed in run_failures(). Updates run.progress before each record.
  std::size_t append_run(const RecordRun& run, Level level, RunPosition from, std::size_t end);
  // The call sites of the records the last append_run() skipped, one entry per record.
  std::span<const CallSite* const> run_failures() const noexcept { return run_failures_; }

  // Marks the segment as cleanly closed (readers report a segment without it as cut short)
  // and seals the chunk. Append nothing after it but a new segment.
  void end_segment();

  // Upper bound of the bytes append(event) would add to the open chunk, definitions included.
  std::size_t record_bound(const LogEvent& event) const noexcept;
  // The same for record `index` of `run` (`arg_bytes` of arguments) as the next one appended
  // (`anywhere` false), or appended anywhere later in the segment (`anywhere` true: whatever
  // chunk, refresh or definition it may come after).
  std::size_t run_record_bound(const RecordRun& run, std::size_t index, std::size_t arg_bytes,
                               bool anywhere) const noexcept;
  // Bytes end_segment() adds at most.
  static constexpr std::size_t kEndSegmentBytes = SegmentEnd::kChunkBytes;

  // The clock anchor readers will apply to the next record.
  const ClockAnchor& anchor() const noexcept { return anchor_; }

  // Seals the open chunk (length and checksums); does nothing when none is open.
  void end_chunk();
  bool chunk_open() const noexcept { return chunk_open_; }
  // Bytes the open chunk takes so far, header included (0 when none is open).
  std::size_t open_chunk_bytes() const noexcept {
    return chunk_open_ ? out_.size() - chunk_start_ : 0;
  }

  // After bytes were lost (a failed write): the header, definitions and the clock anchor are
  // sent again before their next use, under the same ids. The open chunk must have been sealed
  // and its bytes handed out.
  void forget_definitions();

  std::uint64_t records() const noexcept { return records_; }

 private:
  struct SiteEntry {
    std::uint32_t file_id;
    std::uint32_t epoch;        // chunk number whose predictors `prev` holds
    std::uint32_t prev_offset;  // this site's predictors in prev_
    std::uint32_t value_count;  // message arguments + kv() fields
    // The type code as the file has it when the site logs formatter-only values (those travel
    // as their text, codec/formatted_text.h); empty when it is the site's own.
    std::vector<std::uint8_t> file_code;
    // The steps of the code the file has (make_compact_plan()), when `planned`: decided once
    // here, not per record.
    std::vector<CompactStep> plan;
    bool planned = false;
    // compact_plan_fixed_bytes(plan): a record with this many argument bytes is encoded
    // without a bounds check per argument. 0 when not planned or a width varies.
    std::uint32_t fixed_native_bytes = 0;
  };
  struct OwnedField {
    std::string key;
    FieldValue value;  // a string_view value points into `text`
    std::string text;
  };
  struct ThreadEntry {
    std::uint32_t file_id;
    bool sent = false;                // its thread entry was sent since the last refresh
    std::string name;                 // as last defined in the file
    std::vector<OwnedField> context;  // as last sent, valid for chunk `context_epoch`
    std::uint32_t context_epoch = 0;
  };

  void open_chunk();
  void ensure_chunk();  // opens a chunk (and refreshes the definitions) when none is open
  // The entry of `site`, defining it in the file first when the reader does not know it.
  SiteEntry& site_entry(const CallSite& site) {
    return site.id < site_slot_.size() && site_slot_[site.id] != 0 ? sites_[site_slot_[site.id] - 1]
                                                                   : define_site(site);
  }
  // Sends what the reader needs to know of the records' thread, context and clock.
  void follow_thread(const ThreadInfo& thread, std::span<const Field> context,
                     const ClockAnchor* anchor);
  void reset_definitions();  // new segment: new ids
  void refresh_definitions();
  void write_file_header();
  SiteEntry& define_site(const CallSite& site);  // sends its call_site entry
  void switch_thread(const ThreadInfo& thread);
  void write_clock_anchor(const ClockAnchor& anchor);
  void send_context(std::span<const Field> context);
  void follow_context(std::span<const Field> context);
  // `derived`: the event's unix_ns is known to be the anchor's conversion of its ticks.
  bool write_record(const LogEvent& event, SiteEntry& entry, bool derived);
  bool encode_record(const CallSite& site, std::uint64_t ticks, std::span<const std::byte> args,
                     SiteEntry& entry);

  // record_bound() of a record of `site` with `arg_bytes` of arguments, `context` and a thread
  // named with `thread_name_bytes`; `anywhere` as run_record_bound().
  std::size_t bound_of(const CallSite& site, std::size_t arg_bytes, std::span<const Field> context,
                       std::size_t thread_name_bytes, bool anywhere) const noexcept;

  // Runs (binary_writer_run.cpp). The run's records from `at` (where append_run() has got to)
  // up to record `end` into the open chunk, until then or until the chunk is full (sealed then).
  // Returns the records stored.
  std::size_t encode_run_chunk(const RecordRun& run, Level level, RunPosition& at, std::size_t end);
  // The entry of `site` with its predictors ready for this chunk, when its records can be
  // encoded straight into the chunk: defined since the last refresh, planned, with no text
  // arguments. nullptr otherwise (encode_record() then does what they need).
  SiteEntry* direct_entry(const CallSite& site) noexcept;
  template <typename Entry>
  void write(const Entry& entry);  // a control entry (codec/entries/)

  fmt::memory_buffer& out_;
  std::uint32_t seq_ = 0;  // number of the next chunk in this segment
  bool chunk_open_ = false;
  std::size_t chunk_start_ = 0;
  std::uint32_t epoch_ = 0;  // chunks opened in this segment

  // Segment state: what the reader has been told. A site keeps its file id (its index in
  // sites_) for the whole segment, so a reader that missed a redefinition still holds a valid
  // older one.
  std::vector<std::uint32_t> site_ids_;   // CallSite::id -> index in sites_ + 1, 0 = none
  std::vector<std::uint32_t> site_slot_;  // the same, for sites defined since the last refresh
  std::vector<SiteEntry> sites_;
  std::vector<std::uint64_t> prev_;   // argument predictors of all sites
  std::vector<std::byte> text_args_;  // a record's arguments with formatter-only values as text
  std::unordered_map<std::uint32_t, ThreadEntry> threads_;  // by ThreadInfo::index
  std::uint32_t next_thread_id_ = 0;
  ClockAnchor anchor_;
  bool anchor_known_ = false;
  FileHeader header_;              // repeated at each refresh, with the anchor then in force
  std::size_t since_refresh_ = 0;  // bytes of chunks sealed since the last refresh

  // Chunk state.
  std::uint64_t prev_ticks_ = 0;
  std::uint32_t thread_index_ = 0;  // ThreadInfo::index of the records now, 0 = none yet
  ThreadEntry* thread_ = nullptr;

  EntryBody scratch_;  // a control entry's body
  std::vector<const CallSite*> run_failures_;
  std::uint64_t records_ = 0;
  std::uint64_t segment_records_ = 0;
};

}  // namespace ringlog::detail
