// BinaryReader's entries: each entry of a checked chunk is decoded by its unit
// (codec/entries/) and applied here: records become LogEvents over the call sites and threads
// the segment defined; control entries update those definitions and the clock.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "codec/binary_format.h"
#include "codec/binary_reader.h"
#include "codec/entries/call_site_entry.h"
#include "codec/entries/clock.h"
#include "codec/entries/context_entry.h"
#include "codec/entries/entry_io.h"
#include "codec/entries/file_header_entry.h"
#include "codec/entries/framing.h"
#include "codec/entries/record_entry.h"
#include "codec/entries/thread.h"
#include "codec/reader_tables.h"
#include "values/arg_walk.h"

namespace ringlog::detail {
namespace {

// Shown for records that come before any thread entry of their chunk (forged input only).
const ThreadInfo kNoThread{0, 0, "?"};

// The number of argument types in a call site's type code from a file, or nothing when the code
// is malformed or holds a kind a file never does (kFormatted is process-local).
std::optional<std::uint32_t> count_file_types(std::span<const std::uint8_t> code) {
  TypeReader type(code);
  std::uint32_t count = 0;
  std::vector<std::size_t> formatted;
  while (type.pos() < code.size()) {
    if (!skip_type(type, 0, &formatted) || !formatted.empty()) return std::nullopt;
    ++count;
  }
  return count;
}

// Whether the arguments a format uses as dynamic width or precision are small enough.
bool dynamic_widths_ok(const std::vector<std::uint32_t>& dynamic_args,
                       std::span<const std::uint8_t> code, std::span<const std::byte> args) {
  std::uint32_t index = 0;
  bool ok = true;
  for_each_arg(code, args, [&](ArgType t, auto, std::span<const std::byte> b) {
    const bool used =
        std::find(dynamic_args.begin(), dynamic_args.end(), index++) != dynamic_args.end();
    if (!used) return;
    // Only integers can be widths (fmt rejects the rest); clamp them into 64 signed bits.
    std::int64_t v = 0;
    visit_arg(t, b, [&v](auto value) {
      using T = decltype(value);
      if constexpr (std::is_same_v<T, bool>) {
        v = value;
      } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>) {
        v = static_cast<std::uint64_t>(value) > static_cast<std::uint64_t>(kMaxFormatWidth)
                ? kMaxFormatWidth + 1
                : static_cast<std::int64_t>(value);
      } else if constexpr (std::is_integral_v<T>) {
        v = static_cast<std::int64_t>(value);
      }
    });
    if (v > kMaxFormatWidth || v < -kMaxFormatWidth) ok = false;
  });
  return ok;
}

// A format string that shows `text` literally (braces doubled).
std::string literal_format(std::string_view text) {
  std::string out;
  for (char c : text) {
    out.push_back(c);
    if (c == '{' || c == '}') out.push_back(c);
  }
  return out;
}

}  // namespace

void BinaryReader::bad_entry(std::string what) {
  report(ReadIssueKind::bad_entry, chunk_offset_,
         fmt::format("chunk at offset {}: {}; rest of the chunk skipped", chunk_offset_, what));
  cursor_ = chunk_end_;
}

bool BinaryReader::decode_entry() {
  ByteReader in(buffer_.data() + cursor_, buffer_.data() + chunk_end_);
  const std::optional<EntryFrame> entry = read_frame(in);
  if (!entry) {
    bad_entry("an entry runs past the chunk's end");
    return false;
  }
  const std::size_t entry_start = cursor_;
  cursor_ = static_cast<std::size_t>(entry->body - buffer_.data()) + entry->size;
  if (entry->is_control()) {
    if (entry->id() <= 0xFF) {
      decode_control(static_cast<std::uint8_t>(entry->id()), entry->body, entry->size);
    }
    return false;  // unknown large kinds: skipped like unknown small ones
  }
  if (entry->id() > UINT32_MAX) {
    bad_entry("a record names an impossible call-site id");
    return false;
  }
  const bool decoded =
      decode_record(static_cast<std::uint32_t>(entry->id()), entry->body, entry->size);
  if (decoded) counters_.record_bytes += cursor_ - entry_start;
  return decoded;
}

// Reports, once per segment, records that come before the segment's header (which was lost).
void BinaryReader::report_lost_header_once() {
  if (header_seen_) return;
  header_seen_ = true;
  report(ReadIssueKind::missing_chunks, chunk_offset_,
         fmt::format("the segment's header was lost: records from offset {} use the default "
                     "layout, and their times may be wrong until the next clock anchor",
                     chunk_offset_));
}

bool BinaryReader::decode_record(std::uint32_t site_id, const std::byte* body, std::size_t size) {
  Site* site = sites_->find(site_id);
  if (site == nullptr || !site->defined) {
    ++counters_.skipped_records;
    Site& placeholder = sites_->get_or_create(site_id);
    if (!placeholder.reported) {
      placeholder.reported = true;
      report(ReadIssueKind::unknown_site, chunk_offset_,
             fmt::format("records of call site {} (first at chunk offset {}) are skipped: its "
                         "definition was lost",
                         site_id, chunk_offset_));
    }
    return false;
  }
  report_lost_header_once();
  if (site->epoch != epoch_) {
    std::fill(site->prev.begin(), site->prev.end(), 0);
    site->epoch = epoch_;
  }
  ByteReader in(body, body + size);
  std::uint64_t tick_delta = 0;
  args_.clear();
  if (!RecordEntry::decode(in, site->types, site->prev.data(), tick_delta, args_)) {
    ++counters_.skipped_records;
    bad_entry(fmt::format("a record of call site {} does not match its signature", site_id));
    return false;
  }
  const std::uint64_t ticks = prev_ticks_ + tick_delta;
  prev_ticks_ = ticks;
  ticks_ = ticks;
  unix_ns_ = pending_wall_ns_ ? *pending_wall_ns_ : anchor_.to_unix_ns(ticks);
  pending_wall_ns_.reset();
  thread_ = chunk_thread_ != nullptr ? &chunk_thread_->info : &kNoThread;
  context_ = {};
  if (chunk_thread_ != nullptr && chunk_thread_->context_epoch == epoch_) {
    context_ = chunk_thread_->context;
  }
  site_ = &site->site;
  if (!site->check.plausible ||
      (!site->check.dynamic_args.empty() &&
       !dynamic_widths_ok(site->check.dynamic_args, site->types, args_))) {
    site_ = &site->note_site;
  }
  ++counters_.records;
  return true;
}

template <typename Entry>
void BinaryReader::decode_and_apply(ByteReader& in) {
  Entry entry;
  if (EntryError error = Entry::decode(in, entry)) return bad_entry(std::move(error.what));
  apply(entry);
}

void BinaryReader::decode_control(std::uint8_t kind, const std::byte* body, std::size_t size) {
  ByteReader in(body, body + size);
  switch (static_cast<EntryKind>(kind)) {
    case EntryKind::file_header:
      return decode_and_apply<FileHeaderEntry>(in);
    case EntryKind::call_site:
      return decode_and_apply<CallSiteEntry>(in);
    case EntryKind::thread:
      return decode_and_apply<ThreadDefinition>(in);
    case EntryKind::thread_switch:
      return decode_and_apply<ThreadSwitch>(in);
    case EntryKind::clock_anchor:
      return decode_and_apply<ClockAnchorEntry>(in);
    case EntryKind::time_base:
      return decode_and_apply<TimeBase>(in);
    case EntryKind::wall_time:
      return decode_and_apply<WallTime>(in);
    case EntryKind::segment_end:
      return decode_and_apply<SegmentEnd>(in);
    case EntryKind::context:
      if (chunk_thread_ == nullptr) return bad_entry("context before any thread switch");
      return decode_and_apply<ContextEntry>(in);
  }
  // A kind from a newer minor version: skipped, as the format promises.
}

void BinaryReader::apply(FileHeaderEntry& e) {
  FileHeader& h = e.header;
  h.format_major = header_.format_major;
  h.format_minor = header_.format_minor;
  if (check_pattern_) {
    if (const std::string why = check_pattern_(h.pattern, h.utc); !why.empty()) {
      report(ReadIssueKind::bad_entry, chunk_offset_,
             fmt::format("file header at offset {} has an unusable pattern ({}); the default "
                         "layout is used",
                         chunk_offset_, why));
      h.pattern = Config{}.pattern;
    }
  }
  header_ = std::move(h);
  anchor_ = header_.anchor;
  header_seen_ = true;
  ++header_generation_;
}

void BinaryReader::apply(CallSiteEntry& e) {
  const std::uint32_t id = e.file_id;
  Site& s = sites_->get_or_create(id);
  s.types.assign(e.message_code.begin(), e.message_code.end());
  const std::optional<std::uint32_t> count = count_file_types(s.types);
  if (!count) {
    s.defined = false;
    return bad_entry(fmt::format("call site {} has a malformed or unknown argument type", id));
  }
  for (const std::uint8_t t : e.field_types) {
    if (!is_known_arg_type(t)) {
      s.defined = false;
      return bad_entry(fmt::format("call site {} has field type {}", id, t));
    }
    s.types.push_back(t);
  }
  const auto field_count = static_cast<std::uint32_t>(e.field_types.size());
  s.logger = e.logger;
  s.file = e.file;
  s.function = e.function;
  s.format = e.format;
  s.field_key_text.assign(e.field_keys.begin(), e.field_keys.end());
  s.field_keys.assign(s.field_key_text.begin(), s.field_key_text.end());
  s.prev.assign(*count + field_count, 0);
  s.epoch = 0;
  s.check = check_format(s.format);
  s.site = CallSite{id,
                    static_cast<Level>(e.level),
                    e.line,
                    nullptr,
                    s.logger,
                    s.file,
                    s.function,
                    s.format,
                    s.types.data(),
                    *count,
                    nullptr};
  s.site.message_code_size = static_cast<std::uint32_t>(e.message_code.size());
  s.site.field_keys = s.field_keys.data();
  s.site.field_count = field_count;
  s.note = literal_format(
      fmt::format("<bad record: width or precision over {} in \"{}\">", kMaxFormatWidth, s.format));
  s.note_site = s.site;
  s.note_site.format = s.note;
  s.defined = true;
}

void BinaryReader::apply(ThreadDefinition& e) {
  Thread& t = threads_->get_or_create(e.file_id);
  t.name = e.name;
  t.info = ThreadInfo{e.index, e.os_id, t.name};
  t.defined = true;
}

void BinaryReader::apply(ThreadSwitch& e) {
  Thread& t = threads_->get_or_create(e.file_id);
  if (!t.defined) {
    // Its definition was lost with a damaged chunk: name it by its file id.
    t.name = fmt::format("<thread {}>", e.file_id);
    t.info = ThreadInfo{0, 0, t.name};
    t.defined = true;
  }
  chunk_thread_ = &t;
}

void BinaryReader::apply(ClockAnchorEntry& e) {
  anchor_ = e.anchor;
}

void BinaryReader::apply(TimeBase& e) {
  prev_ticks_ = e.ticks;
}

void BinaryReader::apply(WallTime& e) {
  pending_wall_ns_ = e.unix_ns;
}

void BinaryReader::apply(SegmentEnd&) {
  segment_ = SegmentState::closed;
}

void BinaryReader::apply(ContextEntry& e) {
  Thread& t = *chunk_thread_;
  std::move(e).take_fields(t.context_text, t.context);
  t.context_epoch = epoch_;
}

}  // namespace ringlog::detail
