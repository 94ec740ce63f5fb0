#include "format/value_text.h"

#include <fmt/compile.h>

#include <ctime>
#include <type_traits>

#include "format/buffer_append.h"
#include "format/civil_time.h"
#include "format/float_text.h"
#include "ringlog/detail/value_encode.h"
#include "values/value_walk.h"

namespace ringlog::detail {
namespace {

// fmt's unit suffixes for the periods it names (fmt/chrono.h), else "[num/den]s".
void append_duration_unit(fmt::memory_buffer& out, std::uint64_t num, std::uint64_t den) {
  struct Unit {
    std::uint64_t num, den;
    const char* text;
  };
  static constexpr Unit kUnits[] = {{1, 1'000'000'000'000'000'000, "as"},
                                    {1, 1'000'000'000'000'000, "fs"},
                                    {1, 1'000'000'000'000, "ps"},
                                    {1, 1'000'000'000, "ns"},
                                    {1, 1'000'000, "µs"},
                                    {1, 1'000, "ms"},
                                    {1, 100, "cs"},
                                    {1, 10, "ds"},
                                    {1, 1, "s"},
                                    {10, 1, "das"},
                                    {100, 1, "hs"},
                                    {1'000, 1, "ks"},
                                    {1'000'000, 1, "Ms"},
                                    {1'000'000'000, 1, "Gs"},
                                    {1'000'000'000'000, 1, "Ts"},
                                    {1'000'000'000'000'000, 1, "Ps"},
                                    {1'000'000'000'000'000'000, 1, "Es"},
                                    {60, 1, "m"},
                                    {3600, 1, "h"}};
  for (const Unit& u : kUnits) {
    if (u.num == num && u.den == den) return append(out, u.text);
  }
  if (den == 1) {
    fmt::format_to(fmt::appender(out), "[{}]s", num);
  } else {
    fmt::format_to(fmt::appender(out), "[{}/{}]s", num, den);
  }
}

// A duration's count as fmt prints it: integers in decimal, floating counts as "{:g}".
void append_count(fmt::memory_buffer& out, ArgType rep, std::span<const std::byte> b) {
  visit_arg(rep, b, [&out](auto v) {
    if constexpr (std::is_floating_point_v<decltype(v)>) {
      fmt::format_to(fmt::appender(out), "{:g}", v);
    } else if constexpr (std::is_integral_v<decltype(v)>) {
      fmt::format_to(fmt::appender(out), "{}", +v);
    }
  });
}

// A count as a signed 64-bit integer (floating counts truncated), for calendar arithmetic.
std::int64_t count_as_i64(ArgType rep, std::span<const std::byte> b) {
  std::int64_t n = 0;
  visit_arg(rep, b, [&n](auto v) {
    using T = decltype(v);
    if constexpr (std::is_floating_point_v<T>) {
      // NaN and out-of-range values would be undefined behaviour to convert: clamp them.
      if (v != v) {
        n = 0;
      } else {
        n = v > 9.2e18 ? INT64_MAX : v < -9.2e18 ? INT64_MIN : static_cast<std::int64_t>(v);
      }
    } else if constexpr (std::is_integral_v<T>) {
      n = static_cast<std::int64_t>(v);
    }
  });
  return n;
}

// Decimal digits of a period's fraction of a second: 1/1000 -> 3, 1/1 -> 0, other -> 9.
int fraction_digits(std::uint64_t num, std::uint64_t den) {
  if (num != 1 || den == 1) return 0;
  int digits = 0;
  for (std::uint64_t d = den; d > 1; d /= 10) {
    if (d % 10 != 0) return 9;
    ++digits;
  }
  return digits > 18 ? 18 : digits;
}

}  // namespace

void append_duration_text(fmt::memory_buffer& out, std::uint64_t num, std::uint64_t den,
                          ArgType rep, std::span<const std::byte> b) {
  append_count(out, rep, b);
  append_duration_unit(out, num, den);
}

void append_time_point_text(fmt::memory_buffer& out, std::uint64_t num, std::uint64_t den,
                            ArgType rep, std::span<const std::byte> b) {
  // Whole seconds and the remainder in the period's units, floored (before 1970 too).
  const std::int64_t count = count_as_i64(rep, b);
  const int digits = fraction_digits(num, den);
  std::int64_t seconds = 0, fraction = 0;
  // Periods come from files too: anything but 1/den (den < 2^62) and whole seconds would need
  // arithmetic that can overflow, so those print as the raw count.
  constexpr std::uint64_t kMaxDen = std::uint64_t{1} << 62;
  if (num == 1 && den > 1 && den < kMaxDen) {
    const auto per_second = static_cast<std::int64_t>(den);
    seconds = count / per_second;
    fraction = count % per_second;
    if (fraction < 0) {
      fraction += per_second;
      --seconds;
    }
    if (digits == 9 && den != 1'000'000'000) {
      fraction = static_cast<std::int64_t>(static_cast<long double>(fraction) * 1e9L /
                                           static_cast<long double>(den));
    }
  } else if (den != 1 || num > kMaxDen ||
             __builtin_mul_overflow(count, static_cast<std::int64_t>(num), &seconds)) {
    fmt::format_to(fmt::appender(out), "@{}*{}/{}s", count, num, den);
    return;
  }
  std::tm tm;
  if (!civil_time(seconds, /*utc=*/true, tm)) {
    fmt::format_to(fmt::appender(out), "@{}", seconds);
    return;
  }
  fmt::format_to(fmt::appender(out), "{:04}-{:02}-{:02} {:02}:{:02}:{:02}", tm.tm_year + 1900,
                 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  if (digits > 0) fmt::format_to(fmt::appender(out), ".{:0{}}", fraction, digits);
}

void append_error_code_text(fmt::memory_buffer& out, std::int32_t value,
                            std::string_view category) {
  append(out, category);
  out.push_back(':');
  append_decimal(out, std::int64_t{value});
}

void append_hex_text(fmt::memory_buffer& out, std::span<const std::byte> b, bool cut) {
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i > 0) out.push_back(' ');
    const auto v = static_cast<unsigned>(b[i]);
    out.push_back(kDigits[v >> 4]);
    out.push_back(kDigits[v & 0xF]);
  }
  if (cut) append(out, b.empty() ? kTruncatedMarker : std::string_view(" ...[truncated]"));
}

namespace {

class TextVisitor : public ValueVisitor {
 public:
  TextVisitor(fmt::memory_buffer& out, const RawFormatter* formatters)
      : out_(out), formatters_(formatters) {}

  void scalar(ArgType kind, std::span<const std::byte> b, int depth) {
    append_scalar_text(out_, kind, b, depth > 0);
  }
  void sequence_begin(SequenceFlavour f, std::uint32_t) {
    out_.push_back(f == SequenceFlavour::list ? '[' : '{');
  }
  void item(std::uint32_t i) {
    if (i > 0) append(out_, ", ");
  }
  void map_key_end() { append(out_, ": "); }
  void sequence_end(SequenceFlavour f, bool cut) {
    if (cut)
      append(out_, out_[out_.size() - 1] == (f == SequenceFlavour::list ? '[' : '{')
                       ? kTruncatedMarker
                       : ", ...[truncated]");
    out_.push_back(f == SequenceFlavour::list ? ']' : '}');
  }
  void tuple_begin() { out_.push_back('('); }
  void tuple_end() { out_.push_back(')'); }
  void struct_begin(std::string_view name) {
    append(out_, name);
    out_.push_back('{');
  }
  void field(std::uint32_t i, std::string_view name) {
    if (i > 0) append(out_, ", ");
    append(out_, name);
    append(out_, ": ");
  }
  void struct_end() { out_.push_back('}'); }
  void optional_none() { append(out_, "none"); }
  void optional_begin() { append(out_, "optional("); }
  void optional_end() { out_.push_back(')'); }
  void variant_begin() { append(out_, "variant("); }
  void variant_end() { out_.push_back(')'); }
  void monostate() { append(out_, "monostate"); }
  void enum_value(std::string_view name, ArgType kind, std::span<const std::byte> b) {
    if (name.empty()) {
      append_scalar_text(out_, kind, b);
    } else {
      append(out_, name);
    }
  }
  void duration(std::uint64_t num, std::uint64_t den, ArgType rep, std::span<const std::byte> b) {
    append_duration_text(out_, num, den, rep, b);
  }
  void time_point(std::uint64_t num, std::uint64_t den, ArgType rep, std::span<const std::byte> b) {
    append_time_point_text(out_, num, den, rep, b);
  }
  void path(std::string_view p) { fmt::format_to(fmt::appender(out_), "{:?}", p); }
  void error_code(std::int32_t value, std::string_view category) {
    append_error_code_text(out_, value, category);
  }
  void hex(std::span<const std::byte> b, bool cut) { append_hex_text(out_, b, cut); }
  void formatted(std::uint8_t index, std::span<const std::byte> b) {
    if (formatters_ == nullptr) {
      append(out_, "<value formatted by the program>");
      return;
    }
    formatters_[index](b.data(), "{}", fmt::appender(out_));
  }

 private:
  fmt::memory_buffer& out_;
  const RawFormatter* formatters_;
};

}  // namespace

void append_scalar_text(fmt::memory_buffer& out, ArgType kind, std::span<const std::byte> b,
                        bool nested) {
  visit_arg(kind, b, [&out, nested](auto value) {
    using T = decltype(value);
    if constexpr (std::is_same_v<T, bool>) {
      append(out, value ? "true" : "false");
    } else if constexpr (std::is_same_v<T, char>) {
      if (nested) {
        fmt::format_to(fmt::appender(out), "{:?}", value);
      } else {
        out.push_back(value);
      }
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      if (nested) {
        fmt::format_to(fmt::appender(out), "{:?}", value);
      } else {
        append(out, value);
      }
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      append_decimal(out, static_cast<std::int64_t>(value));
    } else if constexpr (std::is_integral_v<T>) {
      append_decimal(out, static_cast<std::uint64_t>(value));
    } else if constexpr (std::is_same_v<T, double>) {
      append_double(out, value);
    } else {
      fmt::format_to(fmt::appender(out), FMT_COMPILE("{}"), value);  // floats and pointers
    }
  });
}

bool append_value_text(fmt::memory_buffer& out, std::span<const std::uint8_t> code,
                       std::span<const std::byte> bytes, const RawFormatter* formatters) {
  TypeReader type(code);
  ValueReader in(bytes);
  TextVisitor text(out, formatters);
  return walk_value(type, in, text) && in.left() == 0;
}

}  // namespace ringlog::detail
