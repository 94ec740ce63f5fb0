// BinaryReader's framing: finds preambles and chunks in the input, checks them, skips damage to
// the next chunk that checks out, and reports what it skipped or found cut off. The entries of a
// checked chunk are decoded in reader_entries.cpp.
#include "codec/binary_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "codec/binary_format.h"
#include "codec/entries/framing.h"
#include "codec/reader_tables.h"

namespace ringlog::detail {

BinaryReader::BinaryReader(IssueHandler on_issue, PatternCheck check_pattern)
    : on_issue_(std::move(on_issue)),
      check_pattern_(std::move(check_pattern)),
      sites_(std::make_unique<IdTable<Site>>()),
      threads_(std::make_unique<IdTable<Thread>>()) {
  header_.pattern = Config{}.pattern;
}

BinaryReader::~BinaryReader() = default;

void BinaryReader::feed(const void* data, std::size_t size) {
  // Drop what is decoded; the chunk being decoded (if any) must stay where it is.
  const std::size_t keep_from = phase_ == Phase::chunk ? std::min(pos_, cursor_) : pos_;
  if (keep_from > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(keep_from));
    buffer_offset_ += keep_from;
    pos_ -= keep_from;
    cursor_ -= std::min(cursor_, keep_from);
    chunk_end_ -= std::min(chunk_end_, keep_from);
  }
  const auto* p = static_cast<const std::byte*>(data);
  buffer_.insert(buffer_.end(), p, p + size);
  counters_.input_bytes += size;
}

void BinaryReader::report(ReadIssueKind kind, std::uint64_t offset, std::string message) {
  if (on_issue_) on_issue_(ReadIssue{kind, offset, std::move(message)});
}

// The input ends `bytes` into something cut short at `offset`: no "end marker" report follows.
void BinaryReader::report_cut(std::uint64_t offset, std::size_t bytes, std::string message) {
  segment_ = SegmentState::cut;
  counters_.skipped_bytes += bytes;
  report(ReadIssueKind::truncated, offset, std::move(message));
}

void BinaryReader::begin_skip(std::uint64_t offset, std::string why) {
  if (skip_start_) return;  // one report for a whole damaged stretch
  skip_start_ = offset;
  skip_reason_ = std::move(why);
}

void BinaryReader::end_skip(std::uint64_t offset) {
  if (!skip_start_) return;
  const std::uint64_t skipped = offset - *skip_start_;
  counters_.skipped_bytes += skipped;
  report(ReadIssueKind::corrupt, *skip_start_,
         fmt::format("corrupt data at offset {}: {}; skipped {} bytes to offset {}", *skip_start_,
                     skip_reason_, skipped, offset));
  skip_start_.reset();
}

// Moves pos_ to the next place a preamble or a chunk header could start. Keeps the last few
// bytes when more input may come, as a header could begin in them.
void BinaryReader::skip_forward() {
  const std::size_t size = buffer_.size();
  for (std::size_t i = pos_ + 1; i + kFileMagic.size() <= size; ++i) {
    const std::byte* p = buffer_.data() + i;
    if (ChunkHeader::sync_at(p) || Preamble::starts_at(p, kFileMagic.size())) {
      pos_ = i;
      return;
    }
  }
  const std::size_t tail = input_finished_ ? 0 : kFileMagic.size() - 1;
  pos_ = std::max(pos_ + 1, size > tail ? size - tail : 0);
  pos_ = std::min(pos_, size);
}

void BinaryReader::start_segment() {
  sites_ = std::make_unique<IdTable<Site>>();
  threads_ = std::make_unique<IdTable<Thread>>();
  header_ = FileHeader{};
  header_.pattern = Config{}.pattern;
  anchor_ = ClockAnchor{};
  segment_ = SegmentState::open;
  header_seen_ = false;
  expected_seq_ = 0;
  seen_chunks_.clear();
  ++counters_.segments;
}

bool BinaryReader::read_preamble() {
  const std::size_t available = buffer_.size() - pos_;
  const std::byte* p = buffer_.data() + pos_;
  if (!Preamble::starts_at(p, available)) {
    phase_ = Phase::failed;
    report(ReadIssueKind::not_ringlog, offset_of(pos_),
           "not a ringlog binary log (no ringlog header at the start)");
    return false;
  }
  if (available < Preamble::kSize) {
    if (input_finished_) {
      report_cut(offset_of(pos_), available,
                 fmt::format("input ends inside a file header at offset {} ({} of {} bytes)",
                             offset_of(pos_), available, Preamble::kSize));
      pos_ = buffer_.size();
    }
    return false;
  }
  const Preamble preamble = Preamble::decode(p);
  if (preamble.major != kFormatMajor) {
    phase_ = Phase::failed;
    report(ReadIssueKind::bad_version, offset_of(pos_),
           fmt::format("binary log format version {}.{} at offset {}; this decoder reads {}.x",
                       preamble.major, preamble.minor, offset_of(pos_), kFormatMajor));
    return false;
  }
  if (segment_ == SegmentState::open) {
    report(ReadIssueKind::truncated, offset_of(pos_),
           fmt::format("the segment before offset {} has no end marker: its writer stopped "
                       "abruptly (crash?); a new run was appended after it",
                       offset_of(pos_)));
  }
  pos_ += Preamble::kSize;
  phase_ = Phase::framing;
  start_segment();
  header_.format_major = preamble.major;
  header_.format_minor = preamble.minor;
  return true;
}

void BinaryReader::report_end_of_input() {
  phase_ = Phase::ended;
  end_skip(offset_of(buffer_.size()));
  if (counters_.input_bytes == 0) {
    segment_ = SegmentState::cut;
    report(ReadIssueKind::truncated, 0, "empty input: no ringlog header");
  } else if (segment_ == SegmentState::open) {
    segment_ = SegmentState::cut;
    report(ReadIssueKind::truncated, offset_of(buffer_.size()),
           fmt::format("input ends at offset {} without the writer's end marker: the writer "
                       "is still running or stopped abruptly (every complete chunk was decoded)",
                       offset_of(buffer_.size())));
  }
}

bool BinaryReader::frame() {
  while (phase_ != Phase::failed) {
    const std::size_t available = buffer_.size() - pos_;
    const std::byte* p = buffer_.data() + pos_;
    if (available == 0) {
      if (input_finished_ && phase_ != Phase::ended) report_end_of_input();
      return false;
    }
    if (phase_ == Phase::preamble ||
        (available >= kFileMagic.size() && Preamble::starts_at(p, kFileMagic.size()))) {
      end_skip(offset_of(pos_));
      phase_ = Phase::preamble;
      if (!read_preamble()) return false;
      continue;
    }
    if (available < ChunkHeader::kSize) {
      if (!input_finished_) return false;
      // Too short for a header: the start of one that was cut, or garbage.
      const std::uint32_t sync = kChunkSync;
      if (!skip_start_ && Preamble::starts_at(p, available)) {
        phase_ = Phase::preamble;  // a run appended after this one was cut in its preamble
        continue;
      }
      if (!skip_start_ && std::memcmp(p, &sync, std::min<std::size_t>(available, 4)) == 0) {
        report_cut(offset_of(pos_), available,
                   fmt::format("input ends inside a chunk header at offset {} ({} of {} bytes)",
                               offset_of(pos_), available, ChunkHeader::kSize));
      } else {
        begin_skip(offset_of(pos_), "bytes that are not a chunk");
      }
      pos_ = buffer_.size();
      continue;
    }
    switch (frame_chunk(available)) {
      case ChunkStep::entered:
        return true;
      case ChunkStep::need_input:
        return false;
      case ChunkStep::moved_on:
        break;
    }
  }
  return false;
}

// With a whole chunk header's worth of bytes at pos_: enters the chunk there when it checks out,
// waits for the rest of it, or moves past what is there (skipped, reported).
BinaryReader::ChunkStep BinaryReader::frame_chunk(std::size_t available) {
  const std::byte* p = buffer_.data() + pos_;
  if (!ChunkHeader::valid_at(p)) {
    begin_skip(offset_of(pos_), "no valid chunk header");
    skip_forward();
    return ChunkStep::moved_on;
  }
  const ChunkHeader chunk = ChunkHeader::decode(p);
  if (chunk.length > kMaxChunkPayload) {
    begin_skip(offset_of(pos_), fmt::format("chunk {} claims {} bytes", chunk.seq, chunk.length));
    skip_forward();
    return ChunkStep::moved_on;
  }
  if (available - ChunkHeader::kSize < chunk.length) {
    if (!input_finished_) return ChunkStep::need_input;
    end_skip(offset_of(pos_));
    report_cut(
        offset_of(pos_), available,
        fmt::format("input ends inside chunk {} at offset {}: {} of its {} bytes present, "
                    "its records are lost",
                    chunk.seq, offset_of(pos_), available, ChunkHeader::kSize + chunk.length));
    pos_ = buffer_.size();
    return ChunkStep::moved_on;
  }
  if (!chunk.payload_matches(p)) {
    begin_skip(offset_of(pos_), fmt::format("chunk {} failed its checksum", chunk.seq));
    skip_forward();
    return ChunkStep::moved_on;
  }
  end_skip(offset_of(pos_));
  if (seen_chunks_.contains(chunk.seq)) {
    // Decoding it again would print its records twice. The writer never repeats a number in
    // a segment, so this is a copy (a tool, a replayed write); a copy is not counted as lost.
    ++counters_.duplicate_chunks;
    report(ReadIssueKind::duplicate_chunk, offset_of(pos_),
           fmt::format("chunk {} at offset {} repeats a chunk already decoded; skipped", chunk.seq,
                       offset_of(pos_)));
    pos_ += ChunkHeader::kSize + chunk.length;
    return ChunkStep::moved_on;
  }
  enter_chunk(chunk.seq, chunk.length);
  return ChunkStep::entered;
}

void BinaryReader::enter_chunk(std::uint32_t seq, std::uint32_t length) {
  seen_chunks_.insert(seq);
  if (seq != expected_seq_) {
    report(ReadIssueKind::missing_chunks, offset_of(pos_),
           seq > expected_seq_
               ? fmt::format("chunks {} to {} are missing before offset {}", expected_seq_, seq - 1,
                             offset_of(pos_))
               : fmt::format("chunk {} at offset {} comes after chunk {}: chunks out of order", seq,
                             offset_of(pos_), expected_seq_ - 1));
  }
  expected_seq_ = seq + 1;
  chunk_offset_ = offset_of(pos_);
  cursor_ = pos_ + ChunkHeader::kSize;
  chunk_end_ = cursor_ + length;
  pos_ = chunk_end_;
  phase_ = Phase::chunk;
  ++epoch_;
  prev_ticks_ = 0;
  pending_wall_ns_.reset();
  chunk_thread_ = nullptr;
  ++counters_.chunks;
}

bool BinaryReader::next() {
  for (;;) {
    while (phase_ == Phase::chunk) {
      if (cursor_ >= chunk_end_) {
        phase_ = Phase::framing;
        break;
      }
      if (decode_entry()) return true;
    }
    if (!frame()) return false;
  }
}

}  // namespace ringlog::detail
