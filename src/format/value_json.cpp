#include "format/value_json.h"

#include <cmath>
#include <type_traits>

#include "format/buffer_append.h"
#include "format/json_escape.h"
#include "format/value_text.h"
#include "values/value_walk.h"

namespace ringlog::detail {
namespace {

template <typename F>
void append_json_float(fmt::memory_buffer& out, F v) {
  // JSON has no NaN or infinity: they travel as strings a reader can still recognise.
  if (std::isnan(v)) {
    append(out, "\"nan\"");
  } else if (std::isinf(v)) {
    append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
  } else {
    fmt::format_to(fmt::appender(out), "{}", v);
  }
}

// Composite values as JSON. Text-like leaves reuse the text renderer so they read the same.
class JsonVisitor : public ValueVisitor {
 public:
  explicit JsonVisitor(fmt::memory_buffer& out) : out_(out) {}
  void scalar(ArgType kind, std::span<const std::byte> b, int) {
    append_json_scalar(out_, kind, b);
  }
  void sequence_begin(SequenceFlavour, std::uint32_t) { out_.push_back('['); }
  void item(std::uint32_t i) {
    if (i > 0) out_.push_back(',');
  }
  void map_entry_begin() { out_.push_back('['); }
  void map_key_end() { out_.push_back(','); }
  void map_entry_end() { out_.push_back(']'); }
  void sequence_end(SequenceFlavour, bool cut) {
    if (cut)
      append(out_, out_[out_.size() - 1] == '[' ? "\"...[truncated]\"" : ",\"...[truncated]\"");
    out_.push_back(']');
  }
  void tuple_begin() { out_.push_back('['); }
  void tuple_end() { out_.push_back(']'); }
  void struct_begin(std::string_view) { out_.push_back('{'); }
  void field(std::uint32_t i, std::string_view name) {
    if (i > 0) out_.push_back(',');
    append_json_string(out_, name);
    out_.push_back(':');
  }
  void struct_end() { out_.push_back('}'); }
  void optional_none() { append(out_, "null"); }
  void monostate() { append(out_, "null"); }
  void enum_value(std::string_view name, ArgType kind, std::span<const std::byte> b) {
    if (name.empty()) {
      append_json_scalar(out_, kind, b);
    } else {
      append_json_string(out_, name);
    }
  }
  void duration(std::uint64_t num, std::uint64_t den, ArgType rep, std::span<const std::byte> b) {
    append_duration_text(text(), num, den, rep, b);
    flush_text();
  }
  void time_point(std::uint64_t num, std::uint64_t den, ArgType rep, std::span<const std::byte> b) {
    append_time_point_text(text(), num, den, rep, b);
    flush_text();
  }
  void path(std::string_view p) { append_json_string(out_, p); }
  void error_code(std::int32_t value, std::string_view category) {
    append_error_code_text(text(), value, category);
    flush_text();
  }
  void hex(std::span<const std::byte> b, bool cut) {
    append_hex_text(text(), b, cut);
    flush_text();
  }

 private:
  // A leaf rendered as the text sink prints it, then written as a JSON string.
  fmt::memory_buffer& text() {
    text_.clear();
    return text_;
  }
  void flush_text() { append_json_string(out_, std::string_view(text_.data(), text_.size())); }

  fmt::memory_buffer& out_;
  fmt::memory_buffer text_;
};

}  // namespace

void append_json_value(fmt::memory_buffer& out, std::span<const std::uint8_t> code,
                       std::span<const std::byte> bytes) {
  if (!code.empty() && fixed_arg_size(static_cast<ArgType>(code[0])) != 0) {
    return append_json_scalar(out, static_cast<ArgType>(code[0]), bytes);
  }
  const std::size_t mark = out.size();
  TypeReader type(code);
  ValueReader in(bytes);
  JsonVisitor json(out);
  if (!walk_value(type, in, json) || in.left() != 0) {
    out.resize(mark);
    append(out, "null");
  }
}

void append_json_scalar(fmt::memory_buffer& out, ArgType kind, std::span<const std::byte> bytes) {
  visit_arg(kind, bytes, [&out](auto value) {
    using T = decltype(value);
    if constexpr (std::is_same_v<T, bool>) {
      append(out, value ? "true" : "false");
    } else if constexpr (std::is_same_v<T, char>) {
      append_json_string(out, std::string_view(&value, 1));
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      append_json_string(out, value);
    } else if constexpr (std::is_pointer_v<T>) {
      fmt::format_to(fmt::appender(out), "\"{}\"", value);
    } else if constexpr (std::is_floating_point_v<T>) {
      append_json_float(out, value);
    } else {
      fmt::format_to(fmt::appender(out), "{}", +value);  // + : int8 as a number, not a char
    }
  });
}

}  // namespace ringlog::detail
