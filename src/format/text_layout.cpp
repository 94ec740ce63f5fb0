#include "format/text_layout.h"

#include "format/buffer_append.h"
#include "format/field_text.h"
#include "format/message.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace ringlog::detail {
namespace {

constexpr std::array<std::pair<std::string_view, std::uint8_t>, 13> kFields = {{
    {"time", 1},
    {"date", 2},
    {"clock", 3},
    {"level", 4},
    {"thread", 5},
    {"tid", 6},
    {"logger", 7},
    {"file", 8},
    {"line", 9},
    {"source", 10},
    {"function", 11},
    {"message", 12},
    {"fields", 13},
}};

std::string_view level_colour(Level level) noexcept {
  switch (level) {
    case Level::trace:
      return "\x1b[90m";
    case Level::debug:
      return "\x1b[36m";
    case Level::info:
      return "\x1b[32m";
    case Level::warn:
      return "\x1b[33m";
    case Level::error:
      return "\x1b[31m";
    case Level::critical:
      return "\x1b[1;41m";
    default:
      return "";
  }
}

}  // namespace

std::string_view base_name(std::string_view path) noexcept {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

TextLayout::TextLayout(std::string_view pattern, bool utc, bool append_fields, int fraction_digits)
    : append_fields_(append_fields), fraction_digits_(fraction_digits), second_text_(' ', utc) {
  std::string literal;
  const auto flush_literal = [&] {
    if (!literal.empty()) tokens_.push_back({Field::literal, std::move(literal)});
    literal.clear();
  };
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '{' && i + 1 < pattern.size() && pattern[i + 1] == '{') {
      literal.push_back('{');
      ++i;
    } else if (c == '}' && i + 1 < pattern.size() && pattern[i + 1] == '}') {
      literal.push_back('}');
      ++i;
    } else if (c == '{') {
      const auto close = pattern.find('}', i);
      if (close == std::string_view::npos) {
        throw std::invalid_argument("unclosed '{' at offset " + std::to_string(i));
      }
      const std::string_view name = pattern.substr(i + 1, close - i - 1);
      Field field = Field::literal;
      for (const auto& [n, f] : kFields) {
        if (n == name) field = static_cast<Field>(f);
      }
      if (field == Field::literal) {
        throw std::invalid_argument("unknown field {" + std::string(name) + "}");
      }
      flush_literal();
      tokens_.push_back({field, {}});
      i = close;
    } else if (c == '}') {
      throw std::invalid_argument("unmatched '}' at offset " + std::to_string(i));
    } else {
      literal.push_back(c);
    }
  }
  flush_literal();
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (tokens_[i].field == Field::fields) append_fields_ = false;  // placed by the pattern
  }
  for (std::size_t i = 0; i < tokens_.size(); ++i) {
    if (!is_static(tokens_[i].field)) {
      segments_.push_back({tokens_[i].field, i, i + 1});
    } else if (segments_.empty() || segments_.back().field != Field::literal) {
      segments_.push_back({Field::literal, i, i + 1});
    } else {
      segments_.back().last = i + 1;
    }
  }
}

void TextLayout::append_time(std::int64_t unix_ns, fmt::memory_buffer& out, bool date, bool clock) {
  std::int64_t nanos = 0;
  const std::string_view text = second_text_.render(unix_ns, nanos);  // "YYYY-MM-DD HH:MM:SS"
  if (date && clock) {
    append(out, text);
  } else if (date) {
    append(out, text.substr(0, 10));
  } else if (clock) {
    append(out, text.substr(11));
  }
  if (clock) append_fraction(out, nanos, fraction_digits_);
}

bool TextLayout::is_static(Field field) noexcept {
  switch (field) {
    case Field::time:
    case Field::date:
    case Field::clock:
    case Field::message:
    case Field::fields:
      return false;
    default:
      return true;
  }
}

std::size_t TextLayout::SiteThreadKeyHash::operator()(const SiteThreadKey& k) const noexcept {
  const auto site = reinterpret_cast<std::uintptr_t>(k.site);
  return std::hash<std::uint64_t>{}(site ^ (k.thread_os_id << 20) ^ k.thread_index ^
                                    (std::uint64_t{k.colour} << 63));
}

void TextLayout::append_token(const Token& t, const LogEvent& e, fmt::memory_buffer& out,
                              bool colour) const {
  const CallSite& site = e.site();
  switch (t.field) {
    case Field::literal:
      // The pattern is configuration, not data: its text (a tab, say) is written as given.
      append(out, t.literal);
      break;
    case Field::level:
      if (colour) append(out, level_colour(site.level));
      append(out, level_name(site.level));
      if (colour) append(out, "\x1b[0m");
      break;
    case Field::thread:
      append_escaped(out, e.thread().name);
      break;
    case Field::tid:
      append_decimal(out, e.thread().os_id);
      break;
    case Field::logger:
      append_escaped(out, site.logger_name);
      break;
    case Field::file:
      append_escaped(out, base_name(site.file));
      break;
    case Field::line:
      append_decimal(out, std::uint64_t{site.line});
      break;
    case Field::source:
      append_escaped(out, base_name(site.file));
      out.push_back(':');
      append_decimal(out, std::uint64_t{site.line});
      break;
    case Field::function:
      append_escaped(out, site.function);
      break;
    case Field::time:
    case Field::date:
    case Field::clock:
    case Field::message:
    case Field::fields:
      break;  // dynamic: written by format()
  }
}

const std::vector<std::string>& TextLayout::static_runs(const LogEvent& e, bool colour) {
  const SiteThreadKey key{&e.site(), e.thread().os_id, e.thread().index, colour};
  // Records come in runs from one site and thread: the last hit is checked before the map.
  if (last_runs_ != nullptr && key == last_key_ && last_runs_->thread_name == e.thread().name) {
    return last_runs_->runs;
  }
  last_runs_ = nullptr;
  auto it = static_cache_.find(key);
  if (it != static_cache_.end() && it->second.thread_name == e.thread().name) {
    last_key_ = key;
    last_runs_ = &it->second;
    return it->second.runs;
  }
  StaticRuns fresh{std::string(e.thread().name), {}};
  fmt::memory_buffer text;
  for (const Segment& s : segments_) {
    if (s.field != Field::literal) continue;
    text.clear();
    for (std::size_t i = s.first; i < s.last; ++i) append_token(tokens_[i], e, text, colour);
    fresh.runs.emplace_back(text.data(), text.size());
  }
  // Map nodes never move, so the pointer stays valid until the entry is reassigned here.
  StaticRuns& stored = static_cache_.insert_or_assign(key, std::move(fresh)).first->second;
  last_key_ = key;
  last_runs_ = &stored;
  return stored.runs;
}

void TextLayout::format(const LogEvent& e, fmt::memory_buffer& out, bool colour) {
  const std::vector<std::string>& runs = static_runs(e, colour);
  std::size_t run = 0;
  for (const Segment& s : segments_) {
    switch (s.field) {
      case Field::time:
        append_time(e.unix_ns(), out, true, true);
        break;
      case Field::date:
        append_time(e.unix_ns(), out, true, false);
        break;
      case Field::clock:
        append_time(e.unix_ns(), out, false, true);
        break;
      case Field::message:
        append_message_text(out, e);
        break;
      case Field::fields:
        append_fields_text(out, e.context(), e.fields());
        break;
      default:
        append(out, runs[run++]);
        break;
    }
  }
  // Most records have no fields: fields() is not even asked then.
  if (append_fields_ && (!e.context().empty() || e.site().field_count != 0)) {
    append_fields_text(out, e.context(), e.fields());
  }
  out.push_back('\n');
}

}  // namespace ringlog::detail
