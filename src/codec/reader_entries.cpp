// BinaryReader, part 2: the entries of a checked chunk. Records become LogEvents over decoded
// call sites and threads; control entries update those definitions and the clock.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "codec/binary_format.h"
#include "codec/binary_reader.h"
#include "codec/compact_args.h"
#include "codec/reader_tables.h"
#include "codec/varint.h"
#include "format/message.h"
#include "format/text_layout.h"

namespace ringlog::detail {
namespace {

// Shown for records that come before any thread entry of their chunk (forged input only).
const ThreadInfo kNoThread{0, 0, "?"};

ClockAnchor read_anchor(ByteReader& in) noexcept {
  ClockAnchor a;
  a.ticks = in.fixed<std::uint64_t>();
  a.unix_ns = in.fixed<std::int64_t>();
  a.ns_per_tick = in.fixed<double>();
  return a;
}

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

void BinaryReader::decode_context(ByteReader& in) {
  if (chunk_thread_ == nullptr) return bad_entry("context before any thread switch");
  const std::uint64_t count = in.varint();
  if (!in.ok() || count > in.remaining()) return bad_entry("malformed context");
  Thread& t = *chunk_thread_;
  // Strings first (the vector may move them), then the fields that point into them.
  std::vector<std::string> text;
  std::vector<std::pair<FieldTag, FieldValue>> values;
  for (std::uint64_t i = 0; i < count && in.ok(); ++i) {
    text.emplace_back(in.string());
    const auto tag = static_cast<FieldTag>(in.u8());
    switch (tag) {
      case FieldTag::i64:
        values.emplace_back(tag, in.signed_varint());
        break;
      case FieldTag::u64:
        values.emplace_back(tag, in.varint());
        break;
      case FieldTag::f64:
        values.emplace_back(tag, in.fixed<double>());
        break;
      case FieldTag::boolean:
        values.emplace_back(tag, in.u8() != 0);
        break;
      case FieldTag::string:
        values.emplace_back(tag, std::string_view{});
        text.emplace_back(in.string());
        break;
      default:
        return bad_entry("context field of unknown type");
    }
  }
  if (!in.ok()) return bad_entry("malformed context");
  t.context_text = std::move(text);
  t.context.clear();
  std::size_t next_text = 0;
  for (auto& [tag, value] : values) {
    const std::string_view key = t.context_text[next_text++];
    if (tag == FieldTag::string) value = std::string_view(t.context_text[next_text++]);
    t.context.push_back(Field{key, value});
  }
  t.context_epoch = epoch_;
}

bool BinaryReader::decode_entry() {
  ByteReader in(buffer_.data() + cursor_, buffer_.data() + chunk_end_);
  const std::uint64_t head = in.varint();
  const std::uint64_t size = in.varint();
  if (!in.ok() || size > in.remaining()) {
    bad_entry("an entry runs past the chunk's end");
    return false;
  }
  const std::byte* body = in.position();
  const std::size_t entry_start = cursor_;
  cursor_ = static_cast<std::size_t>(body - buffer_.data()) + size;
  if ((head & 1) != 0) {
    if ((head >> 1) <= 0xFF) decode_control(static_cast<std::uint8_t>(head >> 1), body, size);
    return false;  // unknown large kinds: skipped like unknown small ones
  }
  if ((head >> 1) > UINT32_MAX) {
    bad_entry("a record names an impossible call-site id");
    return false;
  }
  const bool decoded = decode_record(static_cast<std::uint32_t>(head >> 1), body, size);
  if (decoded) counters_.record_bytes += cursor_ - entry_start;
  return decoded;
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
  if (!saw_header_) {
    saw_header_ = true;  // reported once per segment
    report(ReadIssueKind::missing_chunks, chunk_offset_,
           fmt::format("the segment's header was lost: records from offset {} use the default "
                       "layout, and their times may be wrong until the next clock anchor",
                       chunk_offset_));
  }
  ByteReader in(body, body + size);
  const std::uint64_t ticks = prev_ticks_ + in.varint();
  if (site->epoch != epoch_) {
    std::fill(site->prev.begin(), site->prev.end(), 0);
    site->epoch = epoch_;
  }
  args_.clear();
  if (!in.ok() || !decode_compact_args(site->types, in, site->prev.data(), args_)) {
    ++counters_.skipped_records;
    bad_entry(fmt::format("a record of call site {} does not match its signature", site_id));
    return false;
  }
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

void BinaryReader::decode_control(std::uint8_t kind, const std::byte* body, std::size_t size) {
  ByteReader in(body, body + size);
  switch (static_cast<EntryKind>(kind)) {
    case EntryKind::file_header: {
      FileHeader h;
      h.format_major = header_.format_major;
      h.format_minor = header_.format_minor;
      h.pid = in.varint();
      h.start_unix_ns = in.signed_varint();
      h.anchor = read_anchor(in);
      h.utc = in.u8() != 0;
      h.pattern = in.string();
      h.host = in.string();
      h.program = in.string();
      h.writer = in.string();
      if (!in.empty()) h.append_fields = in.u8() != 0;  // format 1.1
      if (!in.ok()) return bad_entry("malformed file header");
      try {
        TextLayout probe(h.pattern, h.utc);
      } catch (const std::invalid_argument& e) {
        report(ReadIssueKind::bad_entry, chunk_offset_,
               fmt::format("file header at offset {} has an unusable pattern ({}); the default "
                           "layout is used",
                           chunk_offset_, e.what()));
        h.pattern = Config{}.pattern;
      }
      header_ = std::move(h);
      anchor_ = header_.anchor;
      saw_header_ = true;
      ++header_generation_;
      return;
    }
    case EntryKind::call_site: {
      const std::uint32_t id = in.varint32();
      const std::uint8_t level = in.u8();
      const std::uint32_t line = in.varint32();
      // Format 1.2: the message arguments' type code, by its size in bytes (one byte per
      // argument for scalars and strings, as in 1.0 and 1.1).
      const std::uint64_t code_size = in.varint();
      if (!in.ok() || code_size > in.remaining()) return bad_entry("malformed call site");
      const std::byte* code = in.bytes(static_cast<std::size_t>(code_size));
      const std::string_view logger = in.string(), file = in.string(), function = in.string(),
                             format = in.string();
      if (!in.ok()) return bad_entry("malformed call site");
      if (level > static_cast<std::uint8_t>(Level::critical)) {
        return bad_entry(fmt::format("call site {} has level {}", id, level));
      }
      // Format 1.1: kv() field types and keys (absent in 1.0 files).
      std::uint64_t field_count = 0;
      const std::byte* field_types = nullptr;
      std::vector<std::string_view> keys;
      if (!in.empty()) {
        field_count = in.varint();
        if (!in.ok() || field_count > in.remaining()) return bad_entry("malformed call site");
        field_types = in.bytes(static_cast<std::size_t>(field_count));
        for (std::uint64_t i = 0; i < field_count && in.ok(); ++i) keys.push_back(in.string());
        if (!in.ok()) return bad_entry("malformed call site fields");
      }
      Site& s = sites_->get_or_create(id);
      s.types.assign(reinterpret_cast<const std::uint8_t*>(code),
                     reinterpret_cast<const std::uint8_t*>(code) + code_size);
      const std::optional<std::uint32_t> count = count_file_types(s.types);
      if (!count) {
        s.defined = false;
        return bad_entry(fmt::format("call site {} has a malformed or unknown argument type", id));
      }
      for (std::size_t i = 0; i < field_count; ++i) {
        const auto t = static_cast<std::uint8_t>(field_types[i]);
        if (!is_known_arg_type(t)) {
          s.defined = false;
          return bad_entry(fmt::format("call site {} has field type {}", id, t));
        }
        s.types.push_back(t);
      }
      s.logger = logger;
      s.file = file;
      s.function = function;
      s.format = format;
      s.field_key_text.assign(keys.begin(), keys.end());
      s.field_keys.assign(s.field_key_text.begin(), s.field_key_text.end());
      s.prev.assign(*count + field_count, 0);
      s.epoch = 0;
      s.check = check_format(s.format);
      s.site = CallSite{id,
                        static_cast<Level>(level),
                        line,
                        nullptr,
                        s.logger,
                        s.file,
                        s.function,
                        s.format,
                        s.types.data(),
                        *count,
                        nullptr};
      s.site.message_code_size = static_cast<std::uint32_t>(code_size);
      s.site.field_keys = s.field_keys.data();
      s.site.field_count = static_cast<std::uint32_t>(field_count);
      s.note = literal_format(fmt::format("<bad record: width or precision over {} in \"{}\">",
                                          kMaxFormatWidth, s.format));
      s.note_site = s.site;
      s.note_site.format = s.note;
      s.defined = true;
      return;
    }
    case EntryKind::thread: {
      const std::uint32_t id = in.varint32();
      const std::uint32_t index = in.varint32();
      const std::uint64_t os_id = in.varint();
      const std::string_view name = in.string();
      if (!in.ok()) return bad_entry("malformed thread entry");
      Thread& t = threads_->get_or_create(id);
      t.name = name;
      t.info = ThreadInfo{index, os_id, t.name};
      t.defined = true;
      return;
    }
    case EntryKind::thread_switch: {
      const std::uint32_t id = in.varint32();
      if (!in.ok()) return bad_entry("malformed thread switch");
      Thread& t = threads_->get_or_create(id);
      if (!t.defined) {
        // Its definition was lost with a damaged chunk: name it by its file id.
        t.name = fmt::format("<thread {}>", id);
        t.info = ThreadInfo{0, 0, t.name};
        t.defined = true;
      }
      chunk_thread_ = &t;
      return;
    }
    case EntryKind::clock_anchor: {
      const ClockAnchor a = read_anchor(in);
      if (!in.ok()) return bad_entry("malformed clock anchor");
      anchor_ = a;
      return;
    }
    case EntryKind::time_base: {
      const std::uint64_t ticks = in.varint();
      if (!in.ok()) return bad_entry("malformed time base");
      prev_ticks_ = ticks;
      return;
    }
    case EntryKind::wall_time: {
      const std::int64_t ns = in.signed_varint();
      if (!in.ok()) return bad_entry("malformed wall time");
      pending_wall_ns_ = ns;
      return;
    }
    case EntryKind::segment_end:
      segment_closed_ = true;
      return;
    case EntryKind::context:
      return decode_context(in);
  }
  // A kind from a newer minor version: skipped, as the format promises.
}

}  // namespace ringlog::detail
