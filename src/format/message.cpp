#include "format/message.h"

#include <fmt/args.h>
#include <fmt/compile.h>

#include <cmath>
#include <cstring>

#include <deque>
#include <string>

#include "format/buffer_append.h"
#include "format/field_text.h"
#include "format/float_text.h"
#include "format/format_plan.h"
#include "format/number_text.h"
#include "format/value_text.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {
namespace {

// Trivially constructible, so an array of them costs nothing to declare.
struct ArgView {
  ArgType type;
  const std::uint8_t* code;  // the argument's type code
  std::size_t code_size;
  const std::byte* data;
  std::size_t size;
  std::span<const std::byte> bytes() const noexcept { return {data, size}; }
  std::span<const std::uint8_t> type_code() const noexcept { return {code, code_size}; }
  bool composite() const noexcept { return fixed_arg_size(type) == 0; }
};

// Composite arguments' text, kept alive while fmt formats the views pushed for them. Reused per
// thread, so after warm-up this allocates nothing.
class CompositeTexts {
 public:
  void clear() noexcept { used_ = 0; }
  // The text of `a` (throws fmt::format_error when its bytes are malformed).
  std::string_view render(const ArgView& a, const RawFormatter* formatters) {
    if (used_ == texts_.size()) texts_.emplace_back();
    scratch_.clear();
    if (!append_value_text(scratch_, a.type_code(), a.bytes(), formatters)) {
      throw fmt::format_error("malformed argument");
    }
    std::string& text = texts_[used_++];
    text.assign(scratch_.data(), scratch_.size());
    return text;
  }

 private:
  // A deque: growing it never moves the texts, whose views fmt already holds.
  std::deque<std::string> texts_;
  fmt::memory_buffer scratch_;
  std::size_t used_ = 0;
};

void push_arg(fmt::dynamic_format_arg_store<fmt::format_context>& store, CompositeTexts& texts,
              const ArgView& a, const RawFormatter* formatters) {
  if (a.composite()) {
    const std::string_view text = texts.render(a, formatters);
    store.push_back(fmt::string_view(text.data(), text.size()));
    return;
  }
  // A string is pushed as a view, not a copy: the bytes outlive the format call.
  visit_arg(a.type, a.bytes(), [&store](auto value) {
    if constexpr (std::is_same_v<decltype(value), std::string_view>) {
      store.push_back(fmt::string_view(value.data(), value.size()));
    } else {
      store.push_back(value);
    }
  });
}

ArgView view_of(ArgType t, std::span<const std::uint8_t> code, std::span<const std::byte> b) {
  return {t, code.data(), code.size(), b.data(), b.size()};
}

// The whole string through fmt's runtime path: for plans that do not model the string.
bool format_with_fmt(std::string_view format, std::span<const std::uint8_t> code,
                     std::span<const std::byte> args, const RawFormatter* formatters,
                     fmt::memory_buffer& out) {
  // Reused per thread: after warm-up, formatting allocates nothing.
  thread_local fmt::dynamic_format_arg_store<fmt::format_context> store;
  thread_local CompositeTexts texts;
  store.clear();
  texts.clear();
  bool complete = false;
  try {
    complete = for_each_arg(code, args, [&](ArgType t, auto c, std::span<const std::byte> b) {
      push_arg(store, texts, view_of(t, c, b), formatters);
    });
  } catch (const fmt::format_error&) {
    complete = false;
  }
  if (!complete) {
    fmt::format_to(fmt::appender(out), "<bad record: arguments do not match \"{}\">", format);
    return false;
  }
  const std::size_t mark = out.size();
  try {
    fmt::vformat_to(fmt::appender(out), fmt::string_view(format.data(), format.size()), store);
  } catch (const fmt::format_error& e) {
    out.resize(mark);
    fmt::format_to(fmt::appender(out), "<bad record: {} in \"{}\">", e.what(), format);
    return false;
  }
  return true;
}

// "{}" for one argument, the same text fmt's default presentation gives.
void write_default_arg(fmt::memory_buffer& out, const ArgView& a, const RawFormatter* formatters) {
  if (!a.composite()) return append_scalar_text(out, a.type, a.bytes());
  if (!append_value_text(out, a.type_code(), a.bytes(), formatters)) {
    throw fmt::format_error("malformed argument");
  }
}

// "{:spec}" for one argument: fmt parses only this field's spec. A formatter-only value gets
// its own formatter's spec; another composite value's text takes a string's spec.
void write_with_spec(fmt::memory_buffer& out, const std::string& field, const ArgView& a,
                     const RawFormatter* formatters) {
  if (a.type == ArgType::kFormatted && formatters != nullptr && a.code_size == kFormattedCodeSize) {
    return formatters[a.code[kFormattedCodeSize - 1]](a.data, field, fmt::appender(out));
  }
  thread_local fmt::dynamic_format_arg_store<fmt::format_context> one;
  thread_local CompositeTexts texts;
  one.clear();
  texts.clear();
  push_arg(one, texts, a, formatters);
  fmt::vformat_to(fmt::appender(out), fmt::string_view(field), one);
}

// Kinds the in-place path writes: their "{}" text is a number or true/false, never a byte the
// text layout escapes. (char, strings, pointers, float and long double take the general path.)
bool is_plain_number(ArgType t) noexcept {
  const ScalarInfo info = scalar_info(t);
  return t == ArgType::kF64 || t == ArgType::kBool || (info.is_integer && t != ArgType::kPointer) ||
         t == ArgType::kI8 || t == ArgType::kU8;
}

bool numbers_only(const FormatPlan& plan, const ArgView* views) noexcept {
  for (const FormatPlan::Piece& p : plan.pieces) {
    if (p.arg >= 0 && (!p.field.empty() || !is_plain_number(views[p.arg].type))) return false;
  }
  return true;
}

// One is_plain_number() argument at `p` (kMaxNumberText bytes of room); returns the end.
char* write_number_arg(char* p, const ArgView& a) {
  visit_arg(a.type, a.bytes(), [&p](auto v) {
    using T = decltype(v);
    if constexpr (std::is_same_v<T, bool>) {
      std::memcpy(p, v ? "true" : "false", v ? 4 : 5);
      p += v ? 4 : 5;
    } else if constexpr (std::is_same_v<T, double>) {
      if (std::isfinite(v)) [[likely]] {
        p = write_double(p, v);
      } else {
        p = fmt::format_to_n(p, kMaxNumberText, FMT_COMPILE("{}"), v).out;
      }
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      p = write_decimal(p, static_cast<std::int64_t>(v));
    } else if constexpr (std::is_integral_v<T>) {
      p = write_decimal(p, static_cast<std::uint64_t>(v));
    }
  });
  return p;
}

// The plan with every field a number: one resize for the whole message, then literals and
// numbers written in place.
void write_numbers(const FormatPlan& plan, const ArgView* views, fmt::memory_buffer& out) {
  const std::size_t mark = out.size();
  out.resize(mark + plan.literal_bytes + plan.fields * kMaxNumberText);
  char* p = out.data() + mark;
  for (const FormatPlan::Piece& piece : plan.pieces) {
    std::memcpy(p, piece.literal.data(), piece.literal.size());
    p += piece.literal.size();
    if (piece.arg >= 0) p = write_number_arg(p, views[piece.arg]);
  }
  out.resize(static_cast<std::size_t>(p - out.data()));
}

}  // namespace

bool format_message(std::string_view format, std::span<const std::uint8_t> code,
                    std::span<const std::byte> args, fmt::memory_buffer& out,
                    const RawFormatter* formatters, bool* clean) {
  return format_planned(cached_plan(format), format, code, args, out, formatters, clean);
}

bool format_planned(const FormatPlan& plan, std::string_view format,
                    std::span<const std::uint8_t> code, std::span<const std::byte> args,
                    fmt::memory_buffer& out, const RawFormatter* formatters, bool* clean) {
  if (clean != nullptr) *clean = false;
  constexpr std::size_t kMaxPlannedArgs = 32;
  if (plan.use_fmt) return format_with_fmt(format, code, args, formatters, out);
  ArgView views[kMaxPlannedArgs];
  std::size_t count = 0;
  const bool complete =
      for_each_arg(code, args, [&](ArgType t, auto c, std::span<const std::byte> b) {
        if (count < kMaxPlannedArgs) views[count] = view_of(t, c, b);
        ++count;
      });
  if (!complete || count > kMaxPlannedArgs || plan.max_arg > count) {
    return format_with_fmt(format, code, args, formatters, out);  // reports what is wrong
  }
  if (numbers_only(plan, views)) {
    write_numbers(plan, views, out);
    if (clean != nullptr) *clean = plan.clean_literals;
    return true;
  }
  const std::size_t mark = out.size();
  try {
    for (const FormatPlan::Piece& p : plan.pieces) {
      append(out, p.literal);
      if (p.arg < 0) continue;
      const ArgView& a = views[p.arg];
      if (p.field.empty()) {
        write_default_arg(out, a, formatters);
      } else {
        write_with_spec(out, p.field, a, formatters);
      }
    }
  } catch (const fmt::format_error&) {
    out.resize(mark);
    return format_with_fmt(format, code, args, formatters, out);  // names the error
  }
  return true;
}

// LogEvent's message cache, seen from the text layout.
class LogEventAccess {
 public:
  static bool formatted(const LogEvent& e) noexcept { return e.formatted_; }
};

void append_message_text(fmt::memory_buffer& out, const LogEvent& e) {
  append_message_text(out, e, cached_plan(e.site().format));
}

void append_message_text(fmt::memory_buffer& out, const LogEvent& e, const FormatPlan& plan) {
  if (LogEventAccess::formatted(e)) return append_escaped(out, e.message());
  const CallSite& site = e.site();
  const std::size_t mark = out.size();
  bool clean = false;
  format_planned(plan, site.format, site.message_code(), e.args(), out, site.formatters, &clean);
  const std::string_view text(out.data() + mark, out.size() - mark);
  if (clean || !has_control_bytes(text)) [[likely]] {
    return;
  }
  // Rare: a string argument with a control byte. Escape the formatted text from a copy.
  thread_local fmt::memory_buffer raw;
  raw.clear();
  append(raw, text);
  out.resize(mark);
  append_escaped(out, std::string_view(raw.data(), raw.size()));
}

}  // namespace ringlog::detail

namespace ringlog {

std::string_view LogEvent::message() const {
  if (!formatted_) {
    // One buffer per thread: a LogEvent is handed to sinks one at a time on any given thread.
    thread_local fmt::memory_buffer buffer;
    buffer.clear();
    detail::format_message(site_.format, site_.message_code(), args_, buffer, site_.formatters);
    message_ = std::string_view(buffer.data(), buffer.size());
    formatted_ = true;
  }
  return message_;
}

}  // namespace ringlog
