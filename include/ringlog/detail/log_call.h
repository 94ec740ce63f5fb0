// What one RLOG_* statement expands to after its level check: find the call-site ID, size the
// record, reserve it in this thread's ring, stamp it, copy the arguments, commit.
#pragma once

#include <fmt/core.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>
#include <utility>

#include "ringlog/detail/arg_codec.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/detail/kv.h"
#include "ringlog/detail/record.h"
#include "ringlog/detail/thread_ring.h"
#include "ringlog/detail/timestamp.h"
#include "ringlog/logger.h"

namespace ringlog::detail {

// The argument signature of a list of stored types, in static storage (one per type list):
// the first `MessageArgs` are the message's, the rest kv() field values (one kind byte each).
template <std::size_t MessageArgs, typename... S>
struct Signature {
  // One spare byte so an argument-free call still has an array.
  static constexpr auto code = concat_code(codes_of<0, 0, stored_value_t<S>...>(), code_byte(0));
  static constexpr auto formatters = formatters_of<stored_value_t<S>...>();
  static constexpr std::size_t field_count = sizeof...(S) - MessageArgs;
  static constexpr ArgSignature value{code.data(),
                                      static_cast<std::uint32_t>(code.size() - 1 - field_count),
                                      MessageArgs, formatters.data()};
};

template <typename... S>
constexpr std::size_t record_size(const S&... stored) noexcept {
  return sizeof(RecordHeader) + (std::size_t{0} + ... + stored_size(stored));
}

template <typename... S>
RINGLOG_ALWAYS_INLINE void write_record(std::byte* out, std::size_t size, std::uint32_t site_id,
                                        std::uint64_t ticks, const S&... stored) noexcept {
  const RecordHeader header{static_cast<std::uint32_t>(size), site_id, ticks};
  std::memcpy(out, &header, sizeof header);
  out += sizeof header;
  ((out = encode_arg(out, stored)), ...);
}

// Synchronous delivery of one encoded record (header + arguments) to the sinks.
void deliver_sync(const std::byte* record, std::size_t size) noexcept;

// Encodes into this thread's scratch buffer for a synchronous logger.
std::byte* sync_scratch(std::size_t bytes) noexcept;

// A record too large for half the ring: strings and sequences are cut, each argument keeping
// as much as fits once the arguments after it have their least (value_encode.h marks the cuts).
template <typename... S>
[[gnu::noinline, gnu::cold]] void emit_truncated(ThreadRing& tr, std::uint32_t site_id,
                                                 const S&... stored) noexcept {
  const std::size_t room = tr.ring.max_record() - sizeof(RecordHeader) - (kRecordAlign - 1);
  const std::size_t args = put_fit_fields<false>(nullptr, room, stored_value(stored)...);
  const std::size_t size = sizeof(RecordHeader) + args;
  const std::size_t bytes = align_record(size);
  std::byte* p = tr.ring.reserve(bytes);
  if (p == nullptr) p = reserve_slow(tr, bytes);
  if (p == nullptr) return;
  const RecordHeader header{static_cast<std::uint32_t>(size), site_id, read_ticks()};
  std::memcpy(p, &header, sizeof header);
  put_fit_fields<true>(p + sizeof header, room, stored_value(stored)...);
  tr.ring.commit(bytes);
}

template <typename... S>
RINGLOG_ALWAYS_INLINE void emit(const Logger& logger, std::uint32_t site_id,
                                const S&... stored) noexcept {
  const std::size_t size = record_size(stored...);
  if (logger.mode() == Mode::sync) [[unlikely]] {
    std::byte* p = sync_scratch(size);
    write_record(p, size, site_id, read_ticks(), stored...);
    deliver_sync(p, size);
    return;
  }
  ThreadRing* tr = t_ring;
  if (tr == nullptr) [[unlikely]]
    tr = create_thread_ring();
  const std::size_t bytes = align_record(size);
  if (bytes > tr->ring.max_record()) [[unlikely]] {
    emit_truncated(*tr, site_id, stored...);
    return;
  }
  std::byte* p = tr->ring.reserve(bytes);
  if (p == nullptr) [[unlikely]] {
    p = reserve_slow(*tr, bytes);
    if (p == nullptr) return;
  }
  write_record(p, size, site_id, read_ticks(), stored...);
  tr->ring.commit(bytes);
}

// The format string type of a call: checked against the message's arguments only (those before
// the first kv() field).
template <typename Tuple, typename Indices>
struct MessageFormat;
template <typename... Args, std::size_t... I>
struct MessageFormat<std::tuple<Args...>, std::index_sequence<I...>> {
  using type =
      fmt::basic_format_string<char, stored_t<std::tuple_element_t<I, std::tuple<Args...>>>...>;
};
template <typename... Args>
using message_format_t =
    typename MessageFormat<std::tuple<Args...>,
                           std::make_index_sequence<message_arg_count<Args...>()>>::type;

// Slow path of a statement with kv() fields: registers it with its keys.
template <typename... Args>
[[gnu::noinline, gnu::cold]] std::uint32_t register_with_fields(SiteSlot& slot,
                                                                const SourceSite& source,
                                                                const Logger& logger,
                                                                std::string_view format,
                                                                const Args&... args) {
  constexpr std::size_t kMessageArgs = message_arg_count<Args...>();
  std::string_view keys[sizeof...(Args) - kMessageArgs];
  std::size_t n = 0;
  const auto collect = [&](const auto& arg) {
    if constexpr (is_kv_arg_v<decltype(arg)>) keys[n++] = arg.key.view();
  };
  (collect(args), ...);
  return register_call_site(slot, source, logger, format,
                            Signature<kMessageArgs, record_value_t<Args>...>::value, keys);
}

// Forced inline: in a loop GCC otherwise calls it out of line, passing every argument through
// memory, which costs more than the whole record write.
template <typename... Args>
RINGLOG_ALWAYS_INLINE void log_call(const Logger& logger, SiteSlot& slot, const SourceSite& source,
                                    message_format_t<Args...> format,
                                    const Args&... args) noexcept {
  constexpr std::size_t kMessageArgs = message_arg_count<Args...>();
  static_assert(((is_kv_arg_v<Args> ? 1 : 0) + ... + 0) == sizeof...(Args) - kMessageArgs,
                "ringlog: kv() fields must come after all of the message's arguments");
  // Acquire pairs with the release in register_call_site(): whoever sees the ID also sees the
  // registered CallSite, so the backend (which syncs with us through the ring) does too.
  const std::uint64_t cached = slot.cached.load(std::memory_order_acquire);
  std::uint32_t site_id = static_cast<std::uint32_t>(cached);
  if ((cached >> 32) != logger.id()) [[unlikely]] {
    const fmt::string_view text = format;
    if constexpr (kMessageArgs == sizeof...(Args)) {
      site_id = register_call_site(slot, source, logger, {text.data(), text.size()},
                                   Signature<sizeof...(Args), stored_t<Args>...>::value);
    } else {
      site_id = register_with_fields(slot, source, logger, {text.data(), text.size()}, args...);
    }
  }
  emit(logger, site_id, record_value(args)...);
}

}  // namespace ringlog::detail
