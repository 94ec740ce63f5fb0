#include "codec/binary_writer.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <variant>

#include "codec/compact_args.h"
#include "codec/entries/call_site_entry.h"
#include "codec/entries/clock.h"
#include "codec/entries/context_entry.h"
#include "codec/entries/file_header_entry.h"
#include "codec/entries/framing.h"
#include "codec/entries/record_entry.h"
#include "codec/entries/thread.h"
#include "codec/formatted_text.h"
#include "codec/varint.h"

namespace ringlog::detail {
namespace {

// Thread names are short (< 32 bytes): compared word by word inline, not through memcmp(); the
// last word overlaps the one before it rather than finishing byte by byte.
bool same_name(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const std::size_t n = a.size();
  const auto word = [](std::string_view s, std::size_t at) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + at, sizeof w);
    return w;
  };
  if (n < 8) return a == b;
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    if (word(a, i) != word(b, i)) return false;
  }
  return word(a, n - 8) == word(b, n - 8);
}

bool same_value(const FieldValue& a, const FieldValue& b) noexcept {
  if (a.index() != b.index()) return false;
  if (const auto* s = std::get_if<std::string_view>(&a)) return *s == std::get<std::string_view>(b);
  return a == b;
}

bool same_anchor(const ClockAnchor& a, const ClockAnchor& b) noexcept {
  return a.ticks == b.ticks && a.unix_ns == b.unix_ns &&
         std::memcmp(&a.ns_per_tick, &b.ns_per_tick, sizeof(double)) == 0;
}

}  // namespace

template <typename Entry>
void BinaryWriter::write(const Entry& entry) {
  scratch_.clear();
  entry.encode(scratch_);
  append_control(out_, Entry::kKind, scratch_);
}

void BinaryWriter::begin_segment(const FileHeader& header) {
  end_chunk();
  Preamble::encode(out_);
  seq_ = 0;
  epoch_ = 0;
  segment_records_ = 0;
  reset_definitions();
  header_ = header;
  anchor_ = header.anchor;
  open_chunk();
  write_file_header();
  end_chunk();
  since_refresh_ = 0;
}

void BinaryWriter::write_file_header() {
  // The anchor in force: the header of a refresh also re-sends the clock anchor.
  header_.anchor = anchor_;
  anchor_known_ = true;
  write(FileHeaderEntry{header_});
}

void BinaryWriter::reset_definitions() {
  site_ids_.clear();
  site_slot_.clear();
  sites_.clear();
  prev_.clear();
  threads_.clear();
  next_thread_id_ = 0;
  thread_index_ = 0;
  thread_ = nullptr;
  anchor_known_ = false;
}

void BinaryWriter::forget_definitions() {
  since_refresh_ = kDefinitionRefreshBytes;  // refresh in the next chunk
}

// At the start of a chunk of records: everything is sent again before its next use, under the
// same ids. (Not in end_segment()'s chunk: nothing follows it, and the rotating sink's size cap
// counts on kEndSegmentBytes.)
void BinaryWriter::refresh_definitions() {
  std::fill(site_slot_.begin(), site_slot_.end(), 0);
  for (auto& [index, thread] : threads_) thread.sent = false;
  write_file_header();
  since_refresh_ = 0;
}

void BinaryWriter::open_chunk() {
  chunk_start_ = out_.size();
  out_.resize(chunk_start_ + kChunkHeaderSize);
  chunk_open_ = true;
  ++epoch_;
  prev_ticks_ = 0;
  thread_index_ = 0;
  thread_ = nullptr;
}

void BinaryWriter::end_chunk() {
  if (!chunk_open_) return;
  chunk_open_ = false;
  const std::size_t length = out_.size() - chunk_start_ - kChunkHeaderSize;
  if (length == 0) {
    out_.resize(chunk_start_);
    return;
  }
  ChunkHeader::seal(reinterpret_cast<std::byte*>(out_.data() + chunk_start_), seq_++,
                    static_cast<std::uint32_t>(length));
  since_refresh_ += kChunkHeaderSize + length;
}

void BinaryWriter::end_segment() {
  end_chunk();
  open_chunk();
  write(SegmentEnd{segment_records_});
  end_chunk();
}

std::size_t BinaryWriter::record_bound(const LogEvent& event) const noexcept {
  return bound_of(event.site(), event.args().size(), event.context(), event.thread().name.size(),
                  false);
}

std::size_t BinaryWriter::run_record_bound(const RecordRun& run, std::size_t index,
                                           std::size_t arg_bytes, bool anywhere) const noexcept {
  return bound_of(*run.sites[index], arg_bytes, run.context, run.thread->name.size(), anywhere);
}

std::size_t BinaryWriter::bound_of(const CallSite& site, std::size_t arg_bytes,
                                   std::span<const Field> context, std::size_t thread_name_bytes,
                                   bool anywhere) const noexcept {
  std::size_t bound = RecordEntry::bound(arg_bytes, site.arg_count + site.field_count);
  // A new chunk may start with a refresh: the header, then this site's definition again.
  const bool new_chunk = anywhere || !chunk_open_;
  const bool refresh = anywhere || (!chunk_open_ && since_refresh_ >= kDefinitionRefreshBytes);
  if (new_chunk) bound += ChunkHeader::kSize;
  if (refresh) bound += FileHeaderEntry::bound(header_);
  if (refresh || site.id >= site_slot_.size() || site_slot_[site.id] == 0) {
    bound += CallSiteEntry::bound(site);
  }
  bound += ContextEntry::bound(context);
  // A thread definition and its switch (within the definition's bound), and a clock anchor.
  bound += ThreadDefinition::bound(thread_name_bytes) + kAnchorBytes;
  return bound;
}

BinaryWriter::SiteEntry& BinaryWriter::define_site(const CallSite& site) {
  if (site.id >= site_slot_.size()) site_slot_.resize(site.id + 1, 0);
  if (site.id >= site_ids_.size()) site_ids_.resize(site.id + 1, 0);
  if (site_ids_[site.id] == 0) {
    const auto id = static_cast<std::uint32_t>(sites_.size());
    const std::uint32_t values = site.arg_count + site.field_count;
    sites_.push_back({id,
                      0,
                      static_cast<std::uint32_t>(prev_.size()),
                      values,
                      code_with_text(site.full_code()),
                      {},
                      false});
    SiteEntry& added = sites_.back();
    added.planned = make_compact_plan(
        added.file_code.empty() ? site.full_code() : std::span<const std::uint8_t>(added.file_code),
        added.plan);
    if (added.planned) {
      added.fixed_native_bytes = static_cast<std::uint32_t>(compact_plan_fixed_bytes(added.plan));
    }
    prev_.resize(prev_.size() + values);
    site_ids_[site.id] = id + 1;
  }
  SiteEntry& entry = sites_[site_ids_[site.id] - 1];
  entry.epoch = 0;  // a reader resets the site's predictors at each definition
  const std::uint32_t file_id = entry.file_id;
  const std::span<const std::uint8_t> code =
      entry.file_code.empty() ? site.full_code() : std::span<const std::uint8_t>(entry.file_code);
  site_slot_[site.id] = file_id + 1;
  write(CallSiteEntry::of(file_id, site, code));
  return entry;
}

void BinaryWriter::switch_thread(const ThreadInfo& thread) {
  auto [it, inserted] = threads_.try_emplace(thread.index);
  ThreadEntry& entry = it->second;
  if (inserted || !entry.sent || !same_name(entry.name, thread.name)) {
    if (inserted) entry.file_id = next_thread_id_++;
    entry.name.assign(thread.name);
    entry.sent = true;
    write(ThreadDefinition{entry.file_id, thread.index, thread.os_id, thread.name});
  }
  if (thread_ != &entry) {
    write(ThreadSwitch{entry.file_id});
  }
  thread_ = &entry;
  thread_index_ = thread.index;
}

void BinaryWriter::send_context(std::span<const Field> context) {
  ContextEntry entry;
  entry.fields = context;
  write(entry);
  std::vector<OwnedField>& owned = thread_->context;
  owned.resize(context.size());
  for (std::size_t i = 0; i < context.size(); ++i) {
    owned[i].key.assign(context[i].key);
    owned[i].value = context[i].value;
    if (const auto* sv = std::get_if<std::string_view>(&context[i].value)) {
      owned[i].text.assign(*sv);
      owned[i].value = std::string_view(owned[i].text);
    }
  }
  thread_->context_epoch = epoch_;
}

void BinaryWriter::write_clock_anchor(const ClockAnchor& anchor) {
  write(ClockAnchorEntry{anchor});
  anchor_ = anchor;
  anchor_known_ = true;
}

// Sends the thread's context when the reader's copy differs: readers forget every context at a
// chunk start; otherwise it is sent only when it changed.
void BinaryWriter::follow_context(std::span<const Field> context) {
  if (thread_->context_epoch != epoch_) {
    if (!context.empty()) {
      send_context(context);
    } else {
      thread_->context.clear();
      thread_->context_epoch = epoch_;
    }
  } else if (context.size() != thread_->context.size() ||
             !std::equal(context.begin(), context.end(), thread_->context.begin(),
                         [](const Field& a, const OwnedField& b) {
                           return same_name(a.key, b.key) && same_value(a.value, b.value);
                         })) {
    send_context(context);
  }
}

// The record itself, preceded by the clock entries it needs. Everything it writes describes
// this record only, so it is undone when the arguments turn out not to match the site.
bool BinaryWriter::write_record(const LogEvent& event, SiteEntry& entry, bool derived) {
  const std::size_t rollback_size = out_.size();
  const std::uint64_t ticks = event.ticks();
  // The reader recomputes unix_ns from ticks and anchor; store it only when that would differ.
  derived = derived || (anchor_known_ && anchor_.to_unix_ns(ticks) == event.unix_ns());
  if (!derived) write(WallTime{event.unix_ns()});
  if (!encode_record(event.site(), ticks, event.args(), entry)) {
    out_.resize(rollback_size);
    return false;
  }
  return true;
}

// The record's time base (when the ticks went back) and the record entry; undone when the
// arguments do not match the site.
bool BinaryWriter::encode_record(const CallSite& site, std::uint64_t ticks,
                                 std::span<const std::byte> args, SiteEntry& entry) {
  const std::size_t rollback_size = out_.size();
  const std::uint64_t rollback_ticks = prev_ticks_;
  if (ticks < prev_ticks_) {
    write(TimeBase{ticks});
    prev_ticks_ = ticks;
  }
  if (entry.epoch != epoch_) {
    std::fill_n(prev_.begin() + entry.prev_offset, entry.value_count, 0);
    entry.epoch = epoch_;
  }
  std::span<const std::uint8_t> code = site.full_code();
  if (!entry.file_code.empty()) {
    if (!args_with_text(code, args, site.formatters, text_args_)) {
      out_.resize(rollback_size);
      prev_ticks_ = rollback_ticks;
      return false;
    }
    args = text_args_;
    code = entry.file_code;
  }
  const std::size_t record_start = out_.size();
  out_.resize(record_start + RecordEntry::bound(args.size(), entry.value_count));
  auto* const data = reinterpret_cast<std::byte*>(out_.data());
  std::uint64_t* const prev = prev_.data() + entry.prev_offset;
  std::byte* const end =
      entry.planned ? RecordEntry::encode(data + record_start, entry.file_id, ticks - prev_ticks_,
                                          std::span<const CompactStep>(entry.plan), args, prev)
                    : RecordEntry::encode(data + record_start, entry.file_id, ticks - prev_ticks_,
                                          code, args, prev);
  if (end == nullptr) {
    out_.resize(rollback_size);
    prev_ticks_ = rollback_ticks;
    entry.epoch = 0;  // predictors may be half-updated: reset them at the next record
    return false;
  }
  out_.resize(static_cast<std::size_t>(end - data));
  prev_ticks_ = ticks;
  return true;
}

void BinaryWriter::ensure_chunk() {
  if (chunk_open_) return;
  open_chunk();
  if (since_refresh_ >= kDefinitionRefreshBytes) refresh_definitions();
}

void BinaryWriter::follow_thread(const ThreadInfo& thread, std::span<const Field> context,
                                 const ClockAnchor* anchor) {
  // A rename keeps the index; the name compare is a few bytes.
  if (thread_ == nullptr || thread.index != thread_index_ ||
      !same_name(thread.name, thread_->name)) {
    switch_thread(thread);
  }
  // No context, and none in the reader's copy for this chunk (the common case): nothing to send.
  if (!context.empty() || !thread_->context.empty() || thread_->context_epoch != epoch_) {
    follow_context(context);
  }
  if (anchor != nullptr && (!anchor_known_ || !same_anchor(*anchor, anchor_))) {
    write_clock_anchor(*anchor);
  }
}

bool BinaryWriter::append(const LogEvent& event, const ClockAnchor* anchor) {
  ensure_chunk();
  const CallSite& site = event.site();
  SiteEntry& entry = site_entry(site);
  follow_thread(event.thread(), event.context(), anchor);
  // The event's unix_ns was computed from its ticks with `anchor`, which readers now hold.
  if (!write_record(event, entry, anchor != nullptr)) return false;
  ++records_;
  ++segment_records_;
  if (open_chunk_bytes() >= kChunkHeaderSize + kChunkTargetPayload) end_chunk();
  return true;
}

}  // namespace ringlog::detail
