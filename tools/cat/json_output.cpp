#include "cat/json_output.h"

#include <cmath>
#include <cstring>
#include <ctime>

#include "format/json_escape.h"
#include "format/message.h"

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

}  // namespace

void JsonRecords::append(const LogEvent& e, fmt::memory_buffer& out) {
  const std::size_t start = out.size();
  layout_.format(e, out);
  // The layout's object ends in "}\n": reopen it for "args".
  if (out.size() - start < 2 || out[out.size() - 2] != '}') return;
  out.resize(out.size() - 2);
  const CallSite& site = e.site();
  cat::append(out, ",\"args\":[");
  bool first = true;
  detail::for_each_arg({site.arg_types, site.arg_count}, e.args(),
                       [&](detail::ArgType t, std::span<const std::byte> b) {
                         if (!first) out.push_back(',');
                         first = false;
                         append_arg(out, t, b);
                       });
  cat::append(out, "]}\n");
}

}  // namespace ringlog::cat
