#include "format/message.h"

#include <fmt/args.h>

#include <cstring>

#include "ringlog/sinks.h"

namespace ringlog::detail {
namespace {

template <typename T>
T load(std::span<const std::byte> bytes) noexcept {
  T v;
  std::memcpy(&v, bytes.data(), sizeof v);
  return v;
}

void push_arg(fmt::dynamic_format_arg_store<fmt::format_context>& store, ArgType t,
              std::span<const std::byte> b) {
  switch (t) {
    case ArgType::kBool:
      store.push_back(load<bool>(b));
      break;
    case ArgType::kChar:
      store.push_back(load<char>(b));
      break;
    case ArgType::kI8:
      store.push_back(load<signed char>(b));
      break;
    case ArgType::kU8:
      store.push_back(load<unsigned char>(b));
      break;
    case ArgType::kI16:
      store.push_back(load<std::int16_t>(b));
      break;
    case ArgType::kU16:
      store.push_back(load<std::uint16_t>(b));
      break;
    case ArgType::kI32:
      store.push_back(load<std::int32_t>(b));
      break;
    case ArgType::kU32:
      store.push_back(load<std::uint32_t>(b));
      break;
    case ArgType::kI64:
      store.push_back(load<long long>(b));
      break;
    case ArgType::kU64:
      store.push_back(load<unsigned long long>(b));
      break;
    case ArgType::kF32:
      store.push_back(load<float>(b));
      break;
    case ArgType::kF64:
      store.push_back(load<double>(b));
      break;
    case ArgType::kLongDouble:
      store.push_back(load<long double>(b));
      break;
    case ArgType::kString:
      // A view, not a copy: the bytes outlive the format call.
      store.push_back(fmt::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
      break;
    case ArgType::kPointer:
      store.push_back(load<const void*>(b));
      break;
  }
}

}  // namespace

bool format_message(std::string_view format, std::span<const ArgType> types,
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
