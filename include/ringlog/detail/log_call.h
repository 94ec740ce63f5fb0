// What one RLOG_* statement expands to after its level check: find the call-site ID, size the
// record, reserve it in this thread's ring, stamp it, copy the arguments, commit.
#pragma once

#include <fmt/core.h>

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ringlog/detail/always_inline.h"
#include "ringlog/detail/arg_codec.h"
#include "ringlog/detail/call_site.h"
#include "ringlog/detail/kv.h"
#include "ringlog/detail/record.h"
#include "ringlog/detail/scalar_store.h"
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

// Writes the record's arguments, which start at `out`.
template <typename... S>
RINGLOG_ALWAYS_INLINE void write_args([[maybe_unused]] std::byte* out,
                                      const S&... stored) noexcept {
  ((out = encode_arg(out, stored)), ...);
}

template <typename... S>
RINGLOG_ALWAYS_INLINE void write_record(std::byte* out, std::size_t size, std::uint32_t site_id,
                                        std::uint64_t ticks, const S&... stored) noexcept {
  const RecordHeader header{static_cast<std::uint32_t>(size), site_id, ticks};
  std::memcpy(out, &header, sizeof header);
  write_args(out + sizeof header, stored...);
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

// Every case the fast path leaves out, for one record: sync mode, the thread's first call, a
// record larger than the ring takes, a full ring (Config::full_policy).
template <typename... S>
void emit_slow(const Logger& logger, std::uint32_t site_id, const S&... stored) noexcept {
  const std::size_t size = record_size(stored...);
  if (logger.mode() == Mode::sync) {
    std::byte* p = sync_scratch(size);
    write_record(p, size, site_id, read_ticks(), stored...);
    deliver_sync(p, size);
    return;
  }
  ThreadRing* tr = t_ring;
  if (tr == nullptr) tr = create_thread_ring();
  const std::size_t bytes = align_record(size);
  if (bytes > tr->ring.max_record()) {
    emit_truncated(*tr, site_id, stored...);
    return;
  }
  std::byte* p = tr->ring.reserve(bytes);
  if (p == nullptr) p = reserve_slow(*tr, bytes);
  if (p == nullptr) return;
  write_record(p, size, site_id, read_ticks(), stored...);
  tr->ring.commit(bytes);
}

// The fast path of one record into this thread's ring: false, having written nothing, when it
// needs anything emit_slow() handles. `slot` is the call site's SiteSlot value, whose low half
// the caller found equal to `logger_id`.
template <typename... S>
RINGLOG_ALWAYS_INLINE bool try_emit(ThreadRing& tr, std::uint64_t slot, std::uint32_t logger_id,
                                    std::uint64_t ticks, const S&... stored) noexcept {
  const std::size_t size = record_size(stored...);
  const std::size_t bytes = align_record(size);
  // Every ring takes a record of kRecordAlwaysFits bytes: a size the compiler knows (numbers,
  // pointers, fixed-size values) needs no check at run time, and any other size one compare
  // with that constant instead of a load and shift of the ring's own max_record(). A larger record
  // goes the slow way, which checks it against this ring's max_record(): rare, and dwarfed by its
  // copy.
  if (bytes > kRecordAlwaysFits) [[unlikely]]
    return false;
  SpscRing::Reserved r;
  if (!tr.ring.try_reserve(bytes, r)) [[unlikely]]
    return false;
  if constexpr (std::endian::native == std::endian::little) {
    // The header's first word, {size, site id}, is the slot value with the size in place of
    // the logger ID (call_site.h puts the site ID in the high half for this): two instructions.
    const std::uint64_t first_word = slot - logger_id + size;
    static_assert(offsetof(RecordHeader, ticks) == sizeof first_word);
    // Two scalar stores, not one vector store: see scalar_store.h.
    store_u64_scalar(r.data, first_word);
    store_u64_scalar(r.data + sizeof first_word, ticks);
    write_args(r.data + sizeof(RecordHeader), stored...);
  } else {
    write_record(r.data, size, slot_site_id(slot), ticks, stored...);
  }
  tr.ring.publish(r.end);
  return true;
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

// What the slow path of a call receives for each argument: its stored form by value (a number in
// a register, a string as a view, a composite value as a pointer to it), a kv() field whole.
// By value, so the fast path never has to keep an argument in memory for it.
template <typename T, bool = is_kv_arg_v<T>>
struct Carried {
  using type = stored_t<T>;
};
template <typename T>
struct Carried<T, true> {
  using type = std::remove_cvref_t<T>;
};
template <typename T>
using carried_t = typename Carried<T>::type;

template <typename T>
RINGLOG_ALWAYS_INLINE carried_t<T> carry(const T& arg) noexcept {
  if constexpr (is_kv_arg_v<T>) {
    return arg;
  } else {
    return to_stored(arg);
  }
}

template <typename C>
RINGLOG_ALWAYS_INLINE const auto& stored_of(const C& carried) noexcept {
  if constexpr (is_kv_arg_v<C>) {
    return carried.value;
  } else {
    return carried;
  }
}

// Everything but the fast path, out of line: registers the statement when needed, then writes
// the record through emit_slow(). The fast path jumps here and nothing else, so it keeps no
// value alive across a call and saves no registers.
template <typename... Args>
[[gnu::noinline, gnu::cold]] void log_call_slow(const Logger& logger, SiteSlot& slot,
                                                const SourceSite& source, fmt::string_view format,
                                                carried_t<Args>... args) noexcept {
  constexpr std::size_t kMessageArgs = message_arg_count<Args...>();
  // Acquire: as in log_call().
  const std::uint64_t cached = slot.cached.load(std::memory_order_acquire);
  std::uint32_t site_id = slot_site_id(cached);
  if (slot_logger_id(cached) != logger.id()) {
    const std::string_view text(format.data(), format.size());
    if constexpr (kMessageArgs == sizeof...(Args)) {
      site_id = register_call_site(slot, source, logger, text,
                                   Signature<sizeof...(Args), stored_t<Args>...>::value);
    } else {
      std::string_view keys[sizeof...(Args) - kMessageArgs];
      std::size_t n = 0;
      const auto collect = [&](const auto& arg) {
        if constexpr (is_kv_arg_v<decltype(arg)>) keys[n++] = arg.key.view();
      };
      (collect(args), ...);
      site_id = register_call_site(slot, source, logger, text,
                                   Signature<kMessageArgs, record_value_t<Args>...>::value, keys);
    }
  }
  emit_slow(logger, site_id, stored_of(args)...);
}

// Forced inline: in a loop GCC otherwise calls it out of line, passing every argument through
// memory, which costs more than the whole record write. `ticks` is read_call_ticks() at the
// statement, before its arguments were computed; the fast path stamps the record with it. The
// slow path reads the TSC again once it has room, so a call that waited for space is stamped
// when it got it, not before the records that were in its way.
template <typename... Args>
RINGLOG_ALWAYS_INLINE void log_call(const Logger& logger, SiteSlot& slot, const SourceSite& source,
                                    std::uint64_t ticks, message_format_t<Args...> format,
                                    const Args&... args) noexcept {
  constexpr std::size_t kMessageArgs = message_arg_count<Args...>();
  static_assert(((is_kv_arg_v<Args> ? 1 : 0) + ... + 0) == sizeof...(Args) - kMessageArgs,
                "ringlog: kv() fields must come after all of the message's arguments");
  // Acquire pairs with the release in register_call_site(): whoever sees the ID also sees the
  // registered CallSite, so the backend (which syncs with us through the ring) does too.
  const std::uint64_t cached = slot.cached.load(std::memory_order_acquire);
  ThreadRing* const tr = t_ring;
  // async_id() never matches a cached ID while the logger is synchronous: one compare covers
  // "registered for this logger" and "asynchronous".
  const std::uint32_t logger_id = logger.async_id();
  if (slot_logger_id(cached) == logger_id && tr != nullptr) [[likely]] {
    if (try_emit(*tr, cached, logger_id, ticks, record_value(args)...)) [[likely]]
      return;
  }
  log_call_slow<Args...>(logger, slot, source, format, carry(args)...);
}

}  // namespace ringlog::detail
