#include "cat/json_output.h"

#include <climits>
#include <cmath>
#include <cstring>
#include <ctime>

#include "format/json_escape.h"
#include "format/message.h"
#include "format/text_layout.h"

namespace ringlog::cat {
namespace {

template <typename T>
T load(std::span<const std::byte> b) {
  T v;
  std::memcpy(&v, b.data(), sizeof v);
  return v;
}

void append(fmt::memory_buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

template <typename F>
void append_float(fmt::memory_buffer& out, F v) {
  if (std::isnan(v)) {
    append(out, "\"nan\"");
  } else if (std::isinf(v)) {
    append(out, v > 0 ? "\"inf\"" : "\"-inf\"");
  } else {
    fmt::format_to(fmt::appender(out), "{}", v);
  }
}

void append_arg(fmt::memory_buffer& out, detail::ArgType t, std::span<const std::byte> b) {
  using detail::ArgType;
  switch (t) {
    case ArgType::kBool:
      append(out, load<bool>(b) ? "true" : "false");
      break;
    case ArgType::kChar:
      detail::append_json_string(out, std::string_view(reinterpret_cast<const char*>(b.data()), 1));
      break;
    case ArgType::kI8:
      fmt::format_to(fmt::appender(out), "{}", load<std::int8_t>(b));
      break;
    case ArgType::kU8:
      fmt::format_to(fmt::appender(out), "{}", load<std::uint8_t>(b));
      break;
    case ArgType::kI16:
      fmt::format_to(fmt::appender(out), "{}", load<std::int16_t>(b));
      break;
    case ArgType::kU16:
      fmt::format_to(fmt::appender(out), "{}", load<std::uint16_t>(b));
      break;
    case ArgType::kI32:
      fmt::format_to(fmt::appender(out), "{}", load<std::int32_t>(b));
      break;
    case ArgType::kU32:
      fmt::format_to(fmt::appender(out), "{}", load<std::uint32_t>(b));
      break;
    case ArgType::kI64:
      fmt::format_to(fmt::appender(out), "{}", load<std::int64_t>(b));
      break;
    case ArgType::kU64:
      fmt::format_to(fmt::appender(out), "{}", load<std::uint64_t>(b));
      break;
    case ArgType::kF32:
      append_float(out, load<float>(b));
      break;
    case ArgType::kF64:
      append_float(out, load<double>(b));
      break;
    case ArgType::kLongDouble:
      append_float(out, load<long double>(b));
      break;
    case ArgType::kString:
      detail::append_json_string(
          out, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
      break;
    case ArgType::kPointer:
      fmt::format_to(fmt::appender(out), "\"{}\"", load<const void*>(b));
      break;
  }
}

void append_time(fmt::memory_buffer& out, std::int64_t unix_ns) {
  std::int64_t second = unix_ns / 1'000'000'000, nanos = unix_ns % 1'000'000'000;
  if (nanos < 0) {
    nanos += 1'000'000'000;
    --second;
  }
  // gmtime_r() costs more than the rest of the record: once per second of log time.
  thread_local std::int64_t cached_second = INT64_MIN;
  thread_local char cached[20];  // "YYYY-MM-DDTHH:MM:SS"
  if (second != cached_second) {
    const auto t = static_cast<time_t>(second);
    std::tm parts{};
    gmtime_r(&t, &parts);
    fmt::format_to_n(cached, sizeof cached, "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                     parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday, parts.tm_hour,
                     parts.tm_min, parts.tm_sec);
    cached_second = second;
  }
  out.push_back('"');
  out.append(cached, cached + sizeof cached - 1);
  fmt::format_to(fmt::appender(out), ".{:09}Z\"", nanos);
}

std::string_view trimmed_level(Level level) {
  std::string_view name = level_name(level);
  while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
  return name;
}

}  // namespace

void append_json_record(const LogEvent& e, fmt::memory_buffer& out) {
  const CallSite& site = e.site();
  append(out, "{\"time\":");
  append_time(out, e.unix_ns());
  append(out, ",\"level\":");
  detail::append_json_string(out, trimmed_level(site.level));
  append(out, ",\"logger\":");
  detail::append_json_string(out, site.logger_name);
  append(out, ",\"thread\":");
  detail::append_json_string(out, e.thread().name);
  fmt::format_to(fmt::appender(out), ",\"tid\":{},\"source\":", e.thread().os_id);
  detail::append_json_string(out, fmt::format("{}:{}", detail::base_name(site.file), site.line));
  append(out, ",\"function\":");
  detail::append_json_string(out, site.function);
  append(out, ",\"message\":");
  detail::append_json_string(out, e.message());
  append(out, ",\"args\":[");
  bool first = true;
  detail::for_each_arg({site.arg_types, site.arg_count}, e.args(),
                       [&](detail::ArgType t, std::span<const std::byte> b) {
                         if (!first) out.push_back(',');
                         first = false;
                         append_arg(out, t, b);
                       });
  append(out, "]}\n");
}

}  // namespace ringlog::cat
