#include "codec/binary_writer.h"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <variant>

#include "codec/compact_args.h"
#include "codec/crc32c.h"
#include "codec/formatted_text.h"
#include "codec/varint.h"

namespace ringlog::detail {
namespace {

// Room for a record's head, length, tick delta and a time_base / wall_time entry before it.
constexpr std::size_t kRecordOverhead = 64;
static_assert(kRecordOverhead >= 3 * kMaxVarintBytes + kCompactArgsSlack,
              "head, length and tick delta varints plus the argument encoder's slack");

// resize + memcpy rather than insert(): g++ 12 warns falsely on inserting small arrays.
void put_bytes(std::vector<std::byte>& body, const void* data, std::size_t size) {
  const std::size_t at = body.size();
  body.resize(at + size);
  if (size != 0) std::memcpy(body.data() + at, data, size);
}

void put_varint(std::vector<std::byte>& body, std::uint64_t v) {
  std::byte bytes[kMaxVarintBytes];
  put_bytes(body, bytes, static_cast<std::size_t>(detail::put_varint(bytes, v) - bytes));
}

void put_string(std::vector<std::byte>& body, std::string_view s) {
  put_varint(body, s.size());
  put_bytes(body, s.data(), s.size());
}

template <typename T>
void put_fixed(std::vector<std::byte>& body, T v) {
  put_bytes(body, &v, sizeof v);
}

void put_anchor(std::vector<std::byte>& body, const ClockAnchor& a) {
  put_fixed(body, a.ticks);
  put_fixed(body, a.unix_ns);
  put_fixed(body, a.ns_per_tick);
}

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

template <typename Body>
void BinaryWriter::control(EntryKind kind, Body&& body) {
  scratch_.clear();
  body(scratch_);
  std::byte head[2 * kMaxVarintBytes];
  std::byte* p = detail::put_varint(head, std::uint64_t{static_cast<std::uint8_t>(kind)} << 1 | 1);
  p = detail::put_varint(p, scratch_.size());
  const auto* h = reinterpret_cast<const char*>(head);
  out_.append(h, h + (p - head));
  const auto* b = reinterpret_cast<const char*>(scratch_.data());
  out_.append(b, b + scratch_.size());
}

void BinaryWriter::begin_segment(const FileHeader& header) {
  end_chunk();
  const auto* magic = reinterpret_cast<const char*>(kFileMagic.data());
  out_.append(magic, magic + kFileMagic.size());
  const std::uint16_t version[2] = {kFormatMajor, kFormatMinor};
  const auto* v = reinterpret_cast<const char*>(version);
  out_.append(v, v + sizeof version);
  seq_ = 0;
  epoch_ = 0;
  segment_records_ = 0;
  reset_definitions();
  header_ = header;
  // Entry head and length, pid, start time and four string lengths; anchor; two flags.
  header_bound_ = 8 * kMaxVarintBytes + 3 * 8 + 2 + header.pattern.size() + header.host.size() +
                  header.program.size() + header.writer.size();
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
  control(EntryKind::file_header, [&](std::vector<std::byte>& body) {
    put_varint(body, header_.pid);
    put_varint(body, zigzag(header_.start_unix_ns));
    put_anchor(body, header_.anchor);
    body.push_back(std::byte{header_.utc ? std::uint8_t{1} : std::uint8_t{0}});
    put_string(body, header_.pattern);
    put_string(body, header_.host);
    put_string(body, header_.program);
    put_string(body, header_.writer);
    body.push_back(std::byte{header_.append_fields ? std::uint8_t{1} : std::uint8_t{0}});  // 1.1
  });
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
  auto* header = reinterpret_cast<std::byte*>(out_.data() + chunk_start_);
  detail::put_fixed(header, kChunkSync);
  detail::put_fixed(header + kChunkSeqOffset, seq_++);
  detail::put_fixed(header + kChunkLengthOffset, static_cast<std::uint32_t>(length));
  detail::put_fixed(header + kChunkPayloadCrcOffset, crc32c(header + kChunkHeaderSize, length));
  detail::put_fixed(header + kChunkHeaderCrcOffset, crc32c(header, kChunkHeaderCrcOffset));
  since_refresh_ += kChunkHeaderSize + length;
}

void BinaryWriter::end_segment() {
  end_chunk();
  open_chunk();
  control(EntryKind::segment_end,
          [&](std::vector<std::byte>& body) { put_varint(body, segment_records_); });
  end_chunk();
}

std::size_t BinaryWriter::record_bound(const LogEvent& event) const noexcept {
  const CallSite& site = event.site();
  std::size_t bound =
      kRecordOverhead + compact_args_bound(event.args().size(), site.arg_count + site.field_count);
  // A new chunk may start with a refresh: the header, then this site's definition again.
  const bool refresh = !chunk_open_ && since_refresh_ >= kDefinitionRefreshBytes;
  if (!chunk_open_) bound += kChunkHeaderSize;
  if (refresh) bound += header_bound_;
  if (refresh || site.id >= site_slot_.size() || site_slot_[site.id] == 0) {
    bound += 9 * kMaxVarintBytes + site.message_code_size + site.logger_name.size() +
             site.file.size() + site.function.size() + site.format.size();
    for (std::uint32_t i = 0; i < site.field_count; ++i) {
      bound += 1 + kMaxVarintBytes + site.field_keys[i].size();
    }
  }
  for (const Field& f : event.context()) {
    bound += 2 * kMaxVarintBytes + 9 + f.key.size();
    if (const auto* sv = std::get_if<std::string_view>(&f.value)) bound += sv->size();
  }
  // A thread entry and a switch, or a clock anchor: both small, counted generously.
  bound += 6 * kMaxVarintBytes + event.thread().name.size() + 3 * 8;
  return bound;
}

BinaryWriter::SiteEntry& BinaryWriter::define_site(const CallSite& site) {
  if (site.id >= site_slot_.size()) site_slot_.resize(site.id + 1, 0);
  if (site.id >= site_ids_.size()) site_ids_.resize(site.id + 1, 0);
  if (site_ids_[site.id] == 0) {
    const auto id = static_cast<std::uint32_t>(sites_.size());
    const std::uint32_t values = site.arg_count + site.field_count;
    sites_.push_back({id, 0, static_cast<std::uint32_t>(prev_.size()), values,
                      code_with_text(site.full_code())});
    prev_.resize(prev_.size() + values);
    site_ids_[site.id] = id + 1;
  }
  SiteEntry& entry = sites_[site_ids_[site.id] - 1];
  entry.epoch = 0;  // a reader resets the site's predictors at each definition
  const std::uint32_t file_id = entry.file_id;
  const std::span<const std::uint8_t> code =
      entry.file_code.empty() ? site.full_code() : std::span<const std::uint8_t>(entry.file_code);
  const std::size_t message_code_size = code.size() - site.field_count;
  site_slot_[site.id] = file_id + 1;
  control(EntryKind::call_site, [&](std::vector<std::byte>& body) {
    put_varint(body, file_id);
    body.push_back(static_cast<std::byte>(site.level));
    put_varint(body, site.line);
    // Format 1.2: the message arguments' type code, by its size in bytes.
    put_varint(body, message_code_size);
    put_bytes(body, code.data(), message_code_size);
    put_string(body, site.logger_name);
    put_string(body, site.file);
    put_string(body, site.function);
    put_string(body, site.format);
    // Format 1.1: the kv() fields, whose values follow the message's arguments in records.
    put_varint(body, site.field_count);
    put_bytes(body, code.data() + message_code_size, site.field_count);
    for (std::uint32_t i = 0; i < site.field_count; ++i) put_string(body, site.field_keys[i]);
  });
  return entry;
}

void BinaryWriter::switch_thread(const ThreadInfo& thread) {
  auto [it, inserted] = threads_.try_emplace(thread.index);
  ThreadEntry& entry = it->second;
  if (inserted || !entry.sent || !same_name(entry.name, thread.name)) {
    if (inserted) entry.file_id = next_thread_id_++;
    entry.name.assign(thread.name);
    entry.sent = true;
    control(EntryKind::thread, [&](std::vector<std::byte>& body) {
      put_varint(body, entry.file_id);
      put_varint(body, thread.index);
      put_varint(body, thread.os_id);
      put_string(body, thread.name);
    });
  }
  if (thread_ != &entry) {
    control(EntryKind::thread_switch,
            [&](std::vector<std::byte>& body) { put_varint(body, entry.file_id); });
  }
  thread_ = &entry;
  thread_index_ = thread.index;
}

void BinaryWriter::send_context(std::span<const Field> context) {
  control(EntryKind::context, [&](std::vector<std::byte>& body) {
    put_varint(body, context.size());
    for (const Field& f : context) {
      put_string(body, f.key);
      std::visit(
          [&body](const auto& v) {
            using V = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<V, std::int64_t>) {
              body.push_back(std::byte{static_cast<std::uint8_t>(FieldTag::i64)});
              put_varint(body, zigzag(v));
            } else if constexpr (std::is_same_v<V, std::uint64_t>) {
              body.push_back(std::byte{static_cast<std::uint8_t>(FieldTag::u64)});
              put_varint(body, v);
            } else if constexpr (std::is_same_v<V, double>) {
              body.push_back(std::byte{static_cast<std::uint8_t>(FieldTag::f64)});
              put_fixed(body, v);
            } else if constexpr (std::is_same_v<V, bool>) {
              body.push_back(std::byte{static_cast<std::uint8_t>(FieldTag::boolean)});
              body.push_back(std::byte{v ? std::uint8_t{1} : std::uint8_t{0}});
            } else {
              body.push_back(std::byte{static_cast<std::uint8_t>(FieldTag::string)});
              put_string(body, v);
            }
          },
          f.value);
    }
  });
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
  control(EntryKind::clock_anchor, [&](std::vector<std::byte>& body) { put_anchor(body, anchor); });
  anchor_ = anchor;
  anchor_known_ = true;
}

bool BinaryWriter::append(const LogEvent& event, const ClockAnchor* anchor) {
  if (!chunk_open_) {
    open_chunk();
    if (since_refresh_ >= kDefinitionRefreshBytes) refresh_definitions();
  }
  const CallSite& site = event.site();
  SiteEntry& entry = site.id < site_slot_.size() && site_slot_[site.id] != 0
                         ? sites_[site_slot_[site.id] - 1]
                         : define_site(site);
  const ThreadInfo& thread = event.thread();
  // A rename keeps the index; the name compare is a few bytes.
  if (thread_ == nullptr || thread.index != thread_index_ ||
      !same_name(thread.name, thread_->name)) {
    switch_thread(thread);
  }
  // Readers forget every context at a chunk start; otherwise send it only when it changed.
  const std::span<const Field> context = event.context();
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
  if (anchor != nullptr && (!anchor_known_ || !same_anchor(*anchor, anchor_))) {
    write_clock_anchor(*anchor);
  }
  // Entries from here on describe this record only: undone if its arguments turn out bad.
  const std::size_t rollback_size = out_.size();
  const std::uint64_t rollback_ticks = prev_ticks_;
  const std::uint64_t ticks = event.ticks();
  // The reader recomputes unix_ns from ticks and anchor; store it only when that would differ.
  const bool derived = anchor_known_ && anchor_.to_unix_ns(ticks) == event.unix_ns();
  if (!derived) {
    control(EntryKind::wall_time,
            [&](std::vector<std::byte>& body) { put_varint(body, zigzag(event.unix_ns())); });
  }
  if (ticks < prev_ticks_) {
    control(EntryKind::time_base, [&](std::vector<std::byte>& body) { put_varint(body, ticks); });
    prev_ticks_ = ticks;
  }
  if (entry.epoch != epoch_) {
    std::fill_n(prev_.begin() + entry.prev_offset, entry.value_count, 0);
    entry.epoch = epoch_;
  }

  std::span<const std::byte> args = event.args();
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
  out_.resize(record_start + kRecordOverhead + compact_args_bound(args.size(), entry.value_count));
  auto* const start = reinterpret_cast<std::byte*>(out_.data() + record_start);
  std::byte* p = detail::put_varint(start, std::uint64_t{entry.file_id} << 1);
  std::byte* const length_at = p++;  // one byte reserved: most bodies are under 128 bytes
  std::byte* const body = p;
  p = detail::put_varint(p, ticks - prev_ticks_);
  p = encode_compact_args(code, args, prev_.data() + entry.prev_offset, p);
  if (p == nullptr) {
    out_.resize(rollback_size);
    prev_ticks_ = rollback_ticks;
    entry.epoch = 0;  // predictors may be half-updated: reset them at the next record
    return false;
  }
  const auto body_size = static_cast<std::size_t>(p - body);
  if (body_size < 0x80) {
    *length_at = static_cast<std::byte>(body_size);
  } else {
    const std::size_t extra = varint_size(body_size) - 1;
    std::memmove(body + extra, body, body_size);
    detail::put_varint(length_at, body_size);
    p += extra;
  }
  out_.resize(static_cast<std::size_t>(p - reinterpret_cast<std::byte*>(out_.data())));
  prev_ticks_ = ticks;
  ++records_;
  ++segment_records_;
  if (open_chunk_bytes() >= kChunkHeaderSize + kChunkTargetPayload) end_chunk();
  return true;
}

}  // namespace ringlog::detail
