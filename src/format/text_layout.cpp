#include "format/text_layout.h"

#include "format/buffer_append.h"
#include "format/field_text.h"
#include "format/message.h"

#include <array>
#include <cstring>
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

// Thread names are short (15 bytes from the OS): two overlapping 8-byte compares, no call.
bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const std::size_t n = a.size();
  if (n < 8 || n > 16) return std::memcmp(a.data(), b.data(), n) == 0;
  std::uint64_t a0, a1, b0, b1;
  std::memcpy(&a0, a.data(), 8);
  std::memcpy(&b0, b.data(), 8);
  std::memcpy(&a1, a.data() + n - 8, 8);
  std::memcpy(&b1, b.data() + n - 8, 8);
  return ((a0 ^ b0) | (a1 ^ b1)) == 0;
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

inline bool TextLayout::still_valid(const Lines& l, const LogEvent& e) const noexcept {
  const CallSite& site = e.site();
  return same_text(l.thread_name, e.thread().name) && l.format.data() == site.format.data() &&
         l.format.size() == site.format.size() && l.type_code == site.type_code &&
         l.message_code_size == site.message_code_size;
}

const TextLayout::Lines& TextLayout::find_lines(const SiteThreadKey& key, const LogEvent& e) {
  auto it = cache_.find(key);
  if (it == cache_.end() || !still_valid(it->second, e)) {
    it = cache_.insert_or_assign(key, build_lines(e, key.colour)).first;
  }
  // Map nodes never move, so the pointer stays valid until the entry is reassigned here.
  last_key_ = key;
  last_ = &it->second;
  return it->second;
}

TextLayout::Lines TextLayout::build_lines(const LogEvent& e, bool colour) const {
  const CallSite& site = e.site();
  Lines l{std::string(e.thread().name),
          site.format,
          site.type_code,
          site.message_code_size,
          plan_format(site.format),
          {},
          {},
          false,
          false};
  LineProgram probe;
  l.has_numbers = add_number_message(l.plan, site.message_code(), probe);
  if (l.has_numbers) {
    build_program(e, colour, true, l, l.numbers);
    l.numbers_need_no_context = append_fields_ && site.field_count == 0;
  }
  build_program(e, colour, false, l, l.general);
  return l;
}

void TextLayout::build_program(const LogEvent& e, bool colour, bool number_message, const Lines& l,
                               LineProgram& program) const {
  using Step = LineProgram::Step;
  fmt::memory_buffer text;
  for (const Segment& s : segments_) {
    switch (s.field) {
      case Field::time:
        program.add(Step::time);
        break;
      case Field::date:
        program.add(Step::date);
        break;
      case Field::clock:
        program.add(Step::clock);
        break;
      case Field::message:
        if (!number_message || !add_number_message(l.plan, e.site().message_code(), program)) {
          program.add(Step::message);
        }
        break;
      case Field::fields:
        program.add(Step::fields);
        break;
      default:
        text.clear();
        for (std::size_t i = s.first; i < s.last; ++i) append_token(tokens_[i], e, text, colour);
        program.add_text({text.data(), text.size()});
        break;
    }
  }
  // The number program runs only for records whose fields are known to be there (the call's
  // kv() fields) or known to be absent (no kv() and, checked per record, no context).
  if (append_fields_ && !number_message) program.add(Step::fields_if_any);
  if (append_fields_ && number_message && e.site().field_count != 0) program.add(Step::fields);
  program.add_text("\n");
  program.finish();
}

inline char* TextLayout::write_time(char* p, std::int64_t unix_ns,
                                    LineProgram::Step step) noexcept {
  std::int64_t nanos = 0;
  const char* text = second_text_.render(unix_ns, nanos).data();  // "YYYY-MM-DD HH:MM:SS"
  switch (step) {
    case LineProgram::Step::time:
      std::memcpy(p, text, SecondText::kLength);
      p += SecondText::kLength;
      break;
    case LineProgram::Step::date:
      std::memcpy(p, text, 10);
      return p + 10;
    default:
      std::memcpy(p, text + 11, 8);
      p += 8;
      break;
  }
  return write_fraction(p, nanos, fraction_digits_);
}

// The steps write into the buffer's spare room, reserved for the program's bound; the general
// message and fields steps append through the buffer, and room is reserved again after them.
void TextLayout::run(const LineProgram& program, const Lines& l, const LogEvent& e,
                     fmt::memory_buffer& out) {
  using Step = LineProgram::Step;
  const std::size_t room = program.bound + LineProgram::kSlack;
  out.reserve(out.size() + room);
  char* p = out.data() + out.size();
  const std::byte* const args = e.args().data();
  for (const LineProgram::Op& op : program.ops) {
    switch (op.step) {
      case Step::text:
        p = program.copy_text(p, op);
        break;
      case Step::time:
      case Step::date:
      case Step::clock:
        p = write_time(p, e.unix_ns(), op.step);
        break;
      case Step::message:
      case Step::fields:
      case Step::fields_if_any:
        out.resize(static_cast<std::size_t>(p - out.data()));
        if (op.step == Step::message) {
          append_message_text(out, e, l.plan);
        } else if (op.step == Step::fields || !e.context().empty() || e.site().field_count != 0) {
          // Most records have no fields: fields() is not even asked then.
          append_fields_text(out, e.context(), e.fields());
        }
        out.reserve(out.size() + room);
        p = out.data() + out.size();
        break;
      default:
        p = write_number(p, op, args);
        break;
    }
  }
  out.resize(static_cast<std::size_t>(p - out.data()));
}

void TextLayout::format(const LogEvent& e, fmt::memory_buffer& out, bool colour) {
  const SiteThreadKey key{&e.site(), e.thread().os_id, e.thread().index, colour};
  // Records come in runs from one site and thread: the last hit is checked before the map.
  const Lines* l = last_;
  if (l == nullptr || !(key == last_key_) || !still_valid(*l, e)) [[unlikely]] {
    l = &find_lines(key, e);
  }
  // A record too short for its site's numbers (damaged input) takes the general path, which
  // reports it.
  if (l->has_numbers && e.args().size() >= l->numbers.arg_bytes &&
      (!l->numbers_need_no_context || e.context().empty())) [[likely]] {
    run(l->numbers, *l, e, out);
  } else {
    run(l->general, *l, e, out);
  }
}

}  // namespace ringlog::detail
