#include "format/message.h"

#include <fmt/args.h>
#include <fmt/compile.h>

#include <cstring>

#include "format/buffer_append.h"
#include "format/format_plan.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {
namespace {

void push_arg(fmt::dynamic_format_arg_store<fmt::format_context>& store, ArgType t,
              std::span<const std::byte> b) {
  switch (t) {
    case ArgType::kBool:
      store.push_back(load_native<std::uint8_t>(b) != 0);  // any byte: never an invalid bool
      break;
    case ArgType::kChar:
      store.push_back(load_native<char>(b));
      break;
    case ArgType::kI8:
      store.push_back(load_native<signed char>(b));
      break;
    case ArgType::kU8:
      store.push_back(load_native<unsigned char>(b));
      break;
    case ArgType::kI16:
      store.push_back(load_native<std::int16_t>(b));
      break;
    case ArgType::kU16:
      store.push_back(load_native<std::uint16_t>(b));
      break;
    case ArgType::kI32:
      store.push_back(load_native<std::int32_t>(b));
      break;
    case ArgType::kU32:
      store.push_back(load_native<std::uint32_t>(b));
      break;
    case ArgType::kI64:
      store.push_back(load_native<long long>(b));
      break;
    case ArgType::kU64:
      store.push_back(load_native<unsigned long long>(b));
      break;
    case ArgType::kF32:
      store.push_back(load_native<float>(b));
      break;
    case ArgType::kF64:
      store.push_back(load_native<double>(b));
      break;
    case ArgType::kLongDouble:
      store.push_back(load_native<long double>(b));
      break;
    case ArgType::kString:
      // A view, not a copy: the bytes outlive the format call.
      store.push_back(fmt::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
      break;
    case ArgType::kPointer:
      store.push_back(load_native<const void*>(b));
      break;
  }
}

// The whole string through fmt's runtime path: for plans that do not model the string.
bool format_with_fmt(std::string_view format, std::span<const ArgType> types,
                     std::span<const std::byte> args, fmt::memory_buffer& out) {
  // Reused per thread: after warm-up, formatting allocates nothing.
  thread_local fmt::dynamic_format_arg_store<fmt::format_context> store;
  store.clear();
  const bool complete = for_each_arg(
      types, args, [](ArgType t, std::span<const std::byte> b) { push_arg(store, t, b); });
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

// Trivially constructible, so an array of them costs nothing to declare.
struct ArgView {
  ArgType type;
  const std::byte* data;
  std::size_t size;
  std::span<const std::byte> bytes() const noexcept { return {data, size}; }
};

template <typename T>
void write_default(fmt::memory_buffer& out, T value) {
  fmt::format_to(fmt::appender(out), FMT_COMPILE("{}"), value);
}

// "{}" for one argument, the same text fmt's default presentation gives.
void write_default_arg(fmt::memory_buffer& out, const ArgView& a) {
  const auto b = a.bytes();
  switch (a.type) {
    case ArgType::kBool:
      append(out, load_native<std::uint8_t>(b) != 0 ? "true" : "false");
      break;
    case ArgType::kChar:
      out.push_back(load_native<char>(b));
      break;
    case ArgType::kI8:
      append_decimal(out, std::int64_t{load_native<std::int8_t>(b)});
      break;
    case ArgType::kU8:
      append_decimal(out, std::uint64_t{load_native<std::uint8_t>(b)});
      break;
    case ArgType::kI16:
      append_decimal(out, std::int64_t{load_native<std::int16_t>(b)});
      break;
    case ArgType::kU16:
      append_decimal(out, std::uint64_t{load_native<std::uint16_t>(b)});
      break;
    case ArgType::kI32:
      append_decimal(out, std::int64_t{load_native<std::int32_t>(b)});
      break;
    case ArgType::kU32:
      append_decimal(out, std::uint64_t{load_native<std::uint32_t>(b)});
      break;
    case ArgType::kI64:
      append_decimal(out, load_native<std::int64_t>(b));
      break;
    case ArgType::kU64:
      append_decimal(out, load_native<std::uint64_t>(b));
      break;
    case ArgType::kF32:
      write_default(out, load_native<float>(b));
      break;
    case ArgType::kF64:
      write_default(out, load_native<double>(b));
      break;
    case ArgType::kLongDouble:
      write_default(out, load_native<long double>(b));
      break;
    case ArgType::kString:
      append(out, std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
      break;
    case ArgType::kPointer:
      write_default(out, load_native<const void*>(b));
      break;
  }
}

// "{:spec}" for one argument: fmt parses only this field's spec.
void write_with_spec(fmt::memory_buffer& out, const std::string& field, const ArgView& a) {
  thread_local fmt::dynamic_format_arg_store<fmt::format_context> one;
  one.clear();
  push_arg(one, a.type, a.bytes());
  fmt::vformat_to(fmt::appender(out), fmt::string_view(field), one);
}

}  // namespace

bool format_message(std::string_view format, std::span<const ArgType> types,
                    std::span<const std::byte> args, fmt::memory_buffer& out) {
  const FormatPlan& plan = cached_plan(format);
  constexpr std::size_t kMaxPlannedArgs = 32;
  if (plan.use_fmt || types.size() > kMaxPlannedArgs || plan.max_arg > types.size()) {
    return format_with_fmt(format, types, args, out);
  }
  ArgView views[kMaxPlannedArgs];
  std::size_t count = 0;
  const bool complete = for_each_arg(types, args, [&](ArgType t, std::span<const std::byte> b) {
    views[count++] = {t, b.data(), b.size()};
  });
  if (!complete) return format_with_fmt(format, types, args, out);  // reports the bad record
  const std::size_t mark = out.size();
  try {
    for (const FormatPlan::Piece& p : plan.pieces) {
      append(out, p.literal);
      if (p.arg < 0) continue;
      const ArgView& a = views[p.arg];
      if (p.field.empty()) {
        write_default_arg(out, a);
      } else {
        write_with_spec(out, p.field, a);
      }
    }
  } catch (const fmt::format_error&) {
    out.resize(mark);
    return format_with_fmt(format, types, args, out);  // names the error
  }
  return true;
}

}  // namespace ringlog::detail

namespace ringlog {

std::string_view LogEvent::message() const {
  if (!formatted_) {
    // One buffer per thread: a LogEvent is handed to sinks one at a time on any given thread.
    thread_local fmt::memory_buffer buffer;
    buffer.clear();
    detail::format_message(site_.format, {site_.arg_types, site_.arg_count}, args_, buffer);
    message_ = std::string_view(buffer.data(), buffer.size());
    formatted_ = true;
  }
  return message_;
}

}  // namespace ringlog
