// BinaryWriter's runs: the records of one thread and logger, encoded straight into the open
// chunk. Per record this is the header, the site (usually the previous record's), one room check
// and the site's plan; the buffer's size is caught up once per chunk, not twice per record.
#include <algorithm>
#include <cstring>

#include "codec/binary_writer.h"
#include "codec/entries/record_entry.h"

namespace ringlog::detail {

std::size_t BinaryWriter::append_run(const RecordRun& run, Level level, RunPosition from,
                                     std::size_t end) {
  run_failures_.clear();
  std::size_t stored = 0;
  RunPosition at = from;
  while (at.index < end) {
    // Once per chunk the run spans: thread, context and clock hold for the whole run.
    ensure_chunk();
    follow_thread(*run.thread, run.context, run.clock);
    stored += encode_run_chunk(run, level, at, end);
  }
  records_ += stored;
  segment_records_ += stored;
  return stored;
}

BinaryWriter::SiteEntry* BinaryWriter::direct_entry(const CallSite& site) noexcept {
  // Not defined since the last refresh: encode_record()'s caller defines it first.
  if (site.id >= site_slot_.size() || site_slot_[site.id] == 0) return nullptr;
  SiteEntry& entry = sites_[site_slot_[site.id] - 1];
  if (!entry.planned || !entry.file_code.empty()) return nullptr;
  if (entry.epoch != epoch_) {  // its first record in this chunk (encode_record() does the same)
    std::fill_n(prev_.begin() + entry.prev_offset, entry.value_count, 0);
    entry.epoch = epoch_;
  }
  return &entry;
}

std::size_t BinaryWriter::encode_run_chunk(const RecordRun& run, Level level, RunPosition& at,
                                           std::size_t end_index) {
  // The records are written at `end`, within the buffer's capacity; out_'s size is caught up
  // (sync) before anything else writes to out_, and when this returns.
  std::byte* base = reinterpret_cast<std::byte*>(out_.data());
  std::byte* end = base + out_.size();
  std::byte* room_end = base + out_.capacity();
  const auto sync = [&] { out_.resize(static_cast<std::size_t>(end - base)); };
  const auto reload = [&] {
    base = reinterpret_cast<std::byte*>(out_.data());
    end = base + out_.size();
    room_end = base + out_.capacity();
  };
  const std::size_t full = chunk_start_ + kChunkHeaderSize + kChunkTargetPayload;
  // The previous record's site and its entry: a run is mostly one or a few call sites. Valid
  // until encode_record() runs (a definition may move sites_) or a record fails (its site's
  // predictors are reset at its next record).
  const CallSite* cached_site = nullptr;
  SiteEntry* entry = nullptr;
  std::size_t stored = 0;
  // Kept in registers, written back when this returns.
  std::size_t index = at.index;
  std::size_t offset = at.offset;
  while (index < end_index) {
    run.progress->store(offset, std::memory_order_relaxed);
    RecordHeader header;
    std::memcpy(&header, run.records + offset, sizeof header);
    const std::span<const std::byte> args(run.records + offset + sizeof header,
                                          header.size - sizeof header);
    offset += align_record(header.size);
    const CallSite& site = *run.sites[index++];
    if (site.level < level) continue;
    if (&site != cached_site) {
      entry = direct_entry(site);
      cached_site = entry != nullptr ? &site : nullptr;
    }
    bool ok;
    if (entry != nullptr && header.ticks >= prev_ticks_ &&
        static_cast<std::size_t>(room_end - end) >=
            RecordEntry::bound(args.size(), entry->value_count)) [[likely]] {
      // encode_record()'s bytes for this case: no time base, the site's plan; without a bounds
      // check per argument when the site's arguments have a fixed size (the usual case).
      const std::span<const CompactStep> plan(entry->plan);
      std::uint64_t* const prev = prev_.data() + entry->prev_offset;
      std::byte* const record_end =
          args.size() == entry->fixed_native_bytes
              ? RecordEntry::encode_fixed(end, entry->file_id, header.ticks - prev_ticks_, plan,
                                          args.data(), prev)
              : RecordEntry::encode(end, entry->file_id, header.ticks - prev_ticks_, plan, args,
                                    prev);
      ok = record_end != nullptr;
      if (ok) {
        end = record_end;
        prev_ticks_ = header.ticks;
      } else {
        entry->epoch = 0;  // predictors may be half-updated: reset them at the next record
      }
    } else {
      // A definition, a time base, text arguments, a composite value or more room.
      sync();
      ok = encode_record(site, header.ticks, args, site_entry(site));
      reload();
      cached_site = nullptr;
    }
    if (!ok) {
      run_failures_.push_back(&site);
      cached_site = nullptr;
      continue;
    }
    ++stored;
    if (static_cast<std::size_t>(end - base) >= full) {
      sync();
      end_chunk();
      break;
    }
  }
  if (chunk_open_) sync();
  at = {index, offset};
  return stored;
}

}  // namespace ringlog::detail
