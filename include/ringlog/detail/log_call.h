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

// The argument signature of a list of stored types, in static storage (one per type list).
template <typename... S>
struct Signature {
  // One spare element so an argument-free call still has an array.
  static constexpr ArgType types[sizeof...(S) + 1] = {arg_type_of<S>()..., ArgType{}};
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

// Records too large for half a ring: strings are cut to fit, each cut one ending in this marker.
inline constexpr std::string_view kTruncatedMarker = "...[truncated]";

template <typename S>
inline S fit_arg(const S& value, std::size_t& budget) noexcept {
  if constexpr (std::is_same_v<S, std::string_view>) {
    // Every string keeps its length prefix (already counted in `budget`'s fixed part).
    if (value.size() <= budget) {
      budget -= value.size();
      return value;
    }
    const std::size_t keep = budget;
    budget = 0;
    return value.substr(0, keep);
  } else {
    return value;
  }
}

template <typename S>
inline void mark_if_cut(std::byte*& out, const S& original, const S& kept) noexcept {
  if constexpr (std::is_same_v<S, std::string_view>) {
    out += sizeof(StringLength) + kept.size();
    if (kept.size() < original.size()) {
      const std::size_t n =
          kept.size() < kTruncatedMarker.size() ? kept.size() : kTruncatedMarker.size();
      std::memcpy(out - n, kTruncatedMarker.data() + (kTruncatedMarker.size() - n), n);
    }
  } else {
    out += sizeof(S);
  }
}

template <typename... S>
[[gnu::noinline, gnu::cold]] void emit_truncated(ThreadRing& tr, std::uint32_t site_id,
                                                 const S&... stored) noexcept {
  const std::size_t fixed = record_size(S{}...);  // every string counted as empty
  std::size_t budget = tr.ring.max_record() - fixed - (kRecordAlign - 1);
  // Fold left to right: earlier strings keep as much as fits, later ones what is left.
  [[maybe_unused]] const auto fit = [&budget](const auto& v) { return fit_arg(v, budget); };
  const std::tuple<S...> kept{fit(stored)...};
  std::apply(
      [&](const auto&... k) {
        const std::size_t size = record_size(k...);
        const std::size_t bytes = align_record(size);
        std::byte* p = tr.ring.reserve(bytes);
        if (p == nullptr) p = reserve_slow(tr, bytes);
        if (p == nullptr) return;
        write_record(p, size, site_id, read_ticks(), k...);
        [[maybe_unused]] std::byte* cursor = p + sizeof(RecordHeader);
        (mark_if_cut(cursor, stored, k), ...);
        tr.ring.commit(bytes);
      },
      kept);
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
  return register_call_site(slot, source, logger, format, Signature<record_value_t<Args>...>::types,
                            kMessageArgs, keys);
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
                                   Signature<stored_t<Args>...>::types, sizeof...(Args));
    } else {
      site_id = register_with_fields(slot, source, logger, {text.data(), text.size()}, args...);
    }
  }
  emit(logger, site_id, record_value(args)...);
}

}  // namespace ringlog::detail
