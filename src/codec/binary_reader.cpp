// BinaryReader, part 1: framing. Finds preambles and chunks in the input, checks them, skips
// damage to the next chunk that checks out, and reports what it skipped or found cut off.
#include "codec/binary_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "codec/binary_format.h"
#include "codec/crc32c.h"
#include "codec/reader_tables.h"
#include "codec/varint.h"

namespace ringlog::detail {
namespace {

template <typename T>
T load(const std::byte* p) noexcept {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

bool is_magic(const std::byte* p, std::size_t available) noexcept {
  const std::size_t n = std::min(available, kFileMagic.size());
  return std::memcmp(p, kFileMagic.data(), n) == 0;
}

// Sync word and header checksum: the chunk header can be trusted, its length too.
bool is_chunk_header(const std::byte* p) noexcept {
  return load<std::uint32_t>(p) == kChunkSync &&
         load<std::uint32_t>(p + kChunkHeaderCrcOffset) == crc32c(p, kChunkHeaderCrcOffset);
}

}  // namespace

BinaryReader::BinaryReader(IssueHandler on_issue)
    : on_issue_(std::move(on_issue)),
      sites_(std::make_unique<IdTable<Site>>()),
      threads_(std::make_unique<IdTable<Thread>>()) {
  header_.pattern = Config{}.pattern;
}

BinaryReader::~BinaryReader() = default;

void BinaryReader::feed(const void* data, std::size_t size) {
  // Drop what is decoded; the chunk being decoded (if any) must stay where it is.
  const std::size_t keep_from = in_chunk_ ? std::min(pos_, cursor_) : pos_;
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
    if ((load<std::uint32_t>(p) == kChunkSync) || is_magic(p, kFileMagic.size())) {
      pos_ = i;
      return;
    }
  }
  const std::size_t tail = finished_ ? 0 : kFileMagic.size() - 1;
  pos_ = std::max(pos_ + 1, size > tail ? size - tail : 0);
  pos_ = std::min(pos_, size);
}

void BinaryReader::start_segment() {
  sites_ = std::make_unique<IdTable<Site>>();
  threads_ = std::make_unique<IdTable<Thread>>();
  header_ = FileHeader{};
  header_.pattern = Config{}.pattern;
  anchor_ = ClockAnchor{};
  in_segment_ = true;
  segment_closed_ = false;
  saw_header_ = false;
  expected_seq_ = 0;
  seen_chunks_.clear();
  ++counters_.segments;
}

bool BinaryReader::read_preamble() {
  const std::size_t available = buffer_.size() - pos_;
  const std::byte* p = buffer_.data() + pos_;
  if (!is_magic(p, available)) {
    fatal_ = true;
    report(ReadIssueKind::not_ringlog, offset_of(pos_),
           "not a ringlog binary log (no ringlog header at the start)");
    return false;
  }
  if (available < kPreambleSize) {
    if (finished_) {
      truncated_ = true;
      counters_.skipped_bytes += available;
      report(ReadIssueKind::truncated, offset_of(pos_),
             fmt::format("input ends inside a file header at offset {} ({} of {} bytes)",
                         offset_of(pos_), available, kPreambleSize));
      pos_ = buffer_.size();
    }
    return false;
  }
  const auto major = load<std::uint16_t>(p + kFileMagic.size());
  const auto minor = load<std::uint16_t>(p + kFileMagic.size() + 2);
  if (major != kFormatMajor) {
    fatal_ = true;
    report(ReadIssueKind::bad_version, offset_of(pos_),
           fmt::format("binary log format version {}.{} at offset {}; this decoder reads {}.x",
                       major, minor, offset_of(pos_), kFormatMajor));
    return false;
  }
  if (in_segment_ && !segment_closed_ && !truncated_) {
    report(ReadIssueKind::truncated, offset_of(pos_),
           fmt::format("the segment before offset {} has no end marker: its writer stopped "
                       "abruptly (crash?); a new run was appended after it",
                       offset_of(pos_)));
  }
  pos_ += kPreambleSize;
  expect_preamble_ = false;
  start_segment();
  header_.format_major = major;
  header_.format_minor = minor;
  return true;
}

void BinaryReader::report_end_of_input() {
  end_reported_ = true;
  end_skip(offset_of(buffer_.size()));
  if (counters_.input_bytes == 0) {
    truncated_ = true;
    report(ReadIssueKind::truncated, 0, "empty input: no ringlog header");
  } else if (in_segment_ && !segment_closed_ && !truncated_) {
    truncated_ = true;
    report(ReadIssueKind::truncated, offset_of(buffer_.size()),
           fmt::format("input ends at offset {} without the writer's end marker: the writer "
                       "is still running or stopped abruptly (every complete chunk was decoded)",
                       offset_of(buffer_.size())));
  }
}

bool BinaryReader::frame() {
  while (!fatal_) {
    const std::size_t available = buffer_.size() - pos_;
    const std::byte* p = buffer_.data() + pos_;
    if (available == 0) {
      if (finished_ && !end_reported_) report_end_of_input();
      return false;
    }
    if (expect_preamble_ || (available >= kFileMagic.size() && is_magic(p, kFileMagic.size()))) {
      end_skip(offset_of(pos_));
      expect_preamble_ = true;
      if (!read_preamble()) return false;
      continue;
    }
    if (available < kChunkHeaderSize) {
      if (!finished_) return false;
      // Too short for a header: the start of one that was cut, or garbage.
      const std::uint32_t sync = kChunkSync;
      if (!skip_start_ && is_magic(p, available)) {
        expect_preamble_ = true;  // a run appended after this one was cut in its preamble
        continue;
      }
      if (!skip_start_ && std::memcmp(p, &sync, std::min<std::size_t>(available, 4)) == 0) {
        truncated_ = true;
        counters_.skipped_bytes += available;
        report(ReadIssueKind::truncated, offset_of(pos_),
               fmt::format("input ends inside a chunk header at offset {} ({} of {} bytes)",
                           offset_of(pos_), available, kChunkHeaderSize));
      } else {
        begin_skip(offset_of(pos_), "bytes that are not a chunk");
      }
      pos_ = buffer_.size();
      continue;
    }
    if (!is_chunk_header(p)) {
      begin_skip(offset_of(pos_), "no valid chunk header");
      skip_forward();
      continue;
    }
    const auto seq = load<std::uint32_t>(p + kChunkSeqOffset);
    const auto length = load<std::uint32_t>(p + kChunkLengthOffset);
    if (length > kMaxChunkPayload) {
      begin_skip(offset_of(pos_), fmt::format("chunk {} claims {} bytes", seq, length));
      skip_forward();
      continue;
    }
    if (available - kChunkHeaderSize < length) {
      if (!finished_) return false;
      end_skip(offset_of(pos_));
      truncated_ = true;
      counters_.skipped_bytes += available;
      report(ReadIssueKind::truncated, offset_of(pos_),
             fmt::format("input ends inside chunk {} at offset {}: {} of its {} bytes present, "
                         "its records are lost",
                         seq, offset_of(pos_), available, kChunkHeaderSize + length));
      pos_ = buffer_.size();
      continue;
    }
    const std::byte* payload = p + kChunkHeaderSize;
    if (load<std::uint32_t>(p + kChunkPayloadCrcOffset) != crc32c(payload, length)) {
      begin_skip(offset_of(pos_), fmt::format("chunk {} failed its checksum", seq));
      skip_forward();
      continue;
    }
    end_skip(offset_of(pos_));
    if (seen_chunks_.contains(seq)) {
      // Decoding it again would print its records twice. The writer never repeats a number in
      // a segment, so this is a copy (a tool, a replayed write); a copy is not counted as lost.
      ++counters_.duplicate_chunks;
      report(ReadIssueKind::duplicate_chunk, offset_of(pos_),
             fmt::format("chunk {} at offset {} repeats a chunk already decoded; skipped", seq,
                         offset_of(pos_)));
      pos_ += kChunkHeaderSize + length;
      continue;
    }
    seen_chunks_.insert(seq);
    if (seq != expected_seq_) {
      report(ReadIssueKind::missing_chunks, offset_of(pos_),
             seq > expected_seq_
                 ? fmt::format("chunks {} to {} are missing before offset {}", expected_seq_,
                               seq - 1, offset_of(pos_))
                 : fmt::format("chunk {} at offset {} comes after chunk {}: chunks out of order",
                               seq, offset_of(pos_), expected_seq_ - 1));
    }
    expected_seq_ = seq + 1;
    chunk_offset_ = offset_of(pos_);
    cursor_ = pos_ + kChunkHeaderSize;
    chunk_end_ = cursor_ + length;
    pos_ = chunk_end_;
    in_chunk_ = true;
    ++epoch_;
    prev_ticks_ = 0;
    pending_wall_ns_.reset();
    chunk_thread_ = nullptr;
    ++counters_.chunks;
    return true;
  }
  return false;
}

bool BinaryReader::next() {
  for (;;) {
    while (in_chunk_) {
      if (cursor_ >= chunk_end_) {
        in_chunk_ = false;
        break;
      }
      if (decode_entry()) return true;
    }
    if (!frame()) return false;
  }
}

}  // namespace ringlog::detail
