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
  // A string is pushed as a view, not a copy: the bytes outlive the format call.
  visit_arg(t, b, [&store](auto value) {
    if constexpr (std::is_same_v<decltype(value), std::string_view>) {
      store.push_back(fmt::string_view(value.data(), value.size()));
    } else {
      store.push_back(value);
    }
  });
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
  visit_arg(a.type, a.bytes(), [&out](auto value) {
    using T = decltype(value);
    if constexpr (std::is_same_v<T, bool>) {
      append(out, value ? "true" : "false");
    } else if constexpr (std::is_same_v<T, char>) {
      out.push_back(value);
    } else if constexpr (std::is_same_v<T, std::string_view>) {
      append(out, value);
    } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
      append_decimal(out, static_cast<std::int64_t>(value));
    } else if constexpr (std::is_integral_v<T>) {
      append_decimal(out, static_cast<std::uint64_t>(value));
    } else {
      write_default(out, value);  // floats and pointers
    }
  });
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
