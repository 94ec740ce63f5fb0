// Copying a composite value raw into a record (layout in detail/value_codec.h): value_size()
// and put_value() for the hot path; min_size() and put_fit() for the cold path of a record too
// large for the ring, which cuts strings and sequences and marks each cut.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ringlog/detail/always_inline.h"
#include "ringlog/detail/value_codec.h"

namespace ringlog::detail {

// Records too large for half a ring: strings are cut to fit, each cut one ending in this marker;
// a cut sequence is flagged (kSequenceCut) and prints the marker after its last element.
inline constexpr std::string_view kTruncatedMarker = "...[truncated]";

// The bytes a string-like value (string, path, hex buffer, format_now() text) travels as.
template <typename U>
RINGLOG_ALWAYS_INLINE std::string_view text_of(const U& v) noexcept {
  if constexpr (std::is_same_v<U, HexBytes>) {
    return {reinterpret_cast<const char*>(v.bytes.data()), v.bytes.size()};
  } else if constexpr (std::is_same_v<U, FormattedNow>) {
    return v.view();
  } else if constexpr (std::is_same_v<U, std::filesystem::path>) {
    return v.native();
  } else if constexpr (std::is_pointer_v<U>) {
    return v ? std::string_view{v} : std::string_view{"(null)"};
  } else if constexpr (std::is_array_v<U>) {
    // A char array may be a buffer that is not full: stop at its first NUL, never past it.
    return std::string_view{v, ::strnlen(v, std::extent_v<U>)};
  } else {
    return std::string_view{v.data(), v.size()};
  }
}

template <typename U>
constexpr bool is_text_shape() noexcept {
  constexpr Shape s = shape_of<U>();
  return s == Shape::string || s == Shape::text || s == Shape::hex || s == Shape::path;
}

RINGLOG_ALWAYS_INLINE std::byte* put_u32(std::byte* out, std::uint32_t v) noexcept {
  std::memcpy(out, &v, sizeof v);
  return out + sizeof v;
}

RINGLOG_ALWAYS_INLINE std::byte* put_text(std::byte* out, std::string_view s) noexcept {
  out = put_u32(out, static_cast<std::uint32_t>(s.size()));
  if (!s.empty()) std::memcpy(out, s.data(), s.size());  // an empty view's data() may be null
  return out + s.size();
}

template <typename E>
inline constexpr bool is_raw_element_v = std::is_arithmetic_v<E> ||
                                         (std::is_enum_v<E> && !DescribedEnum<E>);

template <typename T>
constexpr std::size_t value_size(const T& v) noexcept;

template <typename T>
std::byte* put_value(std::byte* out, const T& v) noexcept;

template <typename T>
constexpr std::size_t value_size(const T& v) noexcept {
  using U = std::remove_cvref_t<T>;
  constexpr Shape s = shape_of<U>();
  if constexpr (s == Shape::scalar) {
    return sizeof(scalar_stored_t<U>);
  } else if constexpr (s == Shape::described_enum) {
    return sizeof(std::underlying_type_t<U>);
  } else if constexpr (is_text_shape<U>()) {
    return sizeof(std::uint32_t) + text_of(v).size();
  } else if constexpr (s == Shape::formatted) {
    return sizeof(U);
  } else if constexpr (s == Shape::monostate) {
    return 0;
  } else if constexpr (s == Shape::duration) {
    return sizeof(typename U::rep);
  } else if constexpr (s == Shape::time_point) {
    return sizeof(typename U::rep);
  } else if constexpr (s == Shape::error_code) {
    return sizeof(std::int32_t) + sizeof(std::uint32_t) + std::strlen(v.category().name());
  } else if constexpr (s == Shape::optional) {
    return 1 + (v.has_value() ? value_size(*v) : 0);
  } else if constexpr (s == Shape::variant) {
    return 1 + (v.valueless_by_exception()
                    ? 0
                    : std::visit([](const auto& a) { return value_size(a); }, v));
  } else if constexpr (s == Shape::tuple) {
    return std::apply([](const auto&... a) { return (std::size_t{0} + ... + value_size(a)); }, v);
  } else if constexpr (s == Shape::described_struct) {
    constexpr auto d = description_of<U>();
    return std::apply([&v](auto... m) { return (std::size_t{0} + ... + value_size(v.*m)); },
                      d.members);
  } else {
    static_assert(s == Shape::sequence);
    using E = element_t<U>;
    if constexpr (is_raw_element_v<E> && std::ranges::sized_range<const U>) {
      return sizeof(std::uint32_t) + std::ranges::size(v) * sizeof(scalar_stored_t<E>);
    } else {
      std::size_t n = sizeof(std::uint32_t);
      for (const auto& e : v) n += value_size(static_cast<const E&>(e));
      return n;
    }
  }
}

template <typename T>
std::byte* put_value(std::byte* out, const T& v) noexcept {
  using U = std::remove_cvref_t<T>;
  constexpr Shape s = shape_of<U>();
  if constexpr (s == Shape::scalar) {
    const auto stored = scalar_stored(v);
    std::memcpy(out, &stored, sizeof stored);
    return out + sizeof stored;
  } else if constexpr (s == Shape::described_enum) {
    return put_value(out, static_cast<std::underlying_type_t<U>>(v));
  } else if constexpr (is_text_shape<U>()) {
    return put_text(out, text_of(v));
  } else if constexpr (s == Shape::formatted) {
    std::memcpy(out, &v, sizeof(U));
    return out + sizeof(U);
  } else if constexpr (s == Shape::monostate) {
    return out;
  } else if constexpr (s == Shape::duration) {
    return put_value(out, v.count());
  } else if constexpr (s == Shape::time_point) {
    return put_value(out, v.time_since_epoch().count());
  } else if constexpr (s == Shape::error_code) {
    out = put_value(out, std::int32_t{v.value()});
    return put_text(out, v.category().name());
  } else if constexpr (s == Shape::optional) {
    *out++ = std::byte{v.has_value() ? std::uint8_t{1} : std::uint8_t{0}};
    return v.has_value() ? put_value(out, *v) : out;
  } else if constexpr (s == Shape::variant) {
    if (v.valueless_by_exception()) {
      *out++ = std::byte{0xFF};
      return out;
    }
    *out++ = static_cast<std::byte>(v.index());
    return std::visit([out](const auto& a) { return put_value(out, a); }, v);
  } else if constexpr (s == Shape::tuple) {
    std::apply([&out](const auto&... a) { ((out = put_value(out, a)), ...); }, v);
    return out;
  } else if constexpr (s == Shape::described_struct) {
    constexpr auto d = description_of<U>();
    std::apply([&](auto... m) { ((out = put_value(out, v.*m)), ...); }, d.members);
    return out;
  } else {
    static_assert(s == Shape::sequence);
    using E = element_t<U>;
    if constexpr (is_raw_element_v<E> && std::ranges::contiguous_range<const U> &&
                  std::ranges::sized_range<const U>) {
      // Numbers in contiguous storage: one copy for the whole range.
      const std::size_t n = std::ranges::size(v);
      out = put_u32(out, static_cast<std::uint32_t>(n));
      // An empty container's data() may be null, which memcpy must not be given even for 0 bytes.
      if (n != 0) std::memcpy(out, std::ranges::data(v), n * sizeof(E));
      return out + n * sizeof(E);
    } else {
      std::byte* count_at = out;
      out += sizeof(std::uint32_t);
      std::uint32_t n = 0;
      for (const auto& e : v) {
        out = put_value(out, static_cast<const E&>(e));
        ++n;
      }
      put_u32(count_at, n);
      return out;
    }
  }
}

// ---- The cold path: fitting a value into less room ------------------------------------------

// The fewest bytes `v` can be cut down to: strings and sequences empty, everything else whole.
template <typename T>
std::size_t min_size(const T& v) noexcept {
  using U = std::remove_cvref_t<T>;
  constexpr Shape s = shape_of<U>();
  if constexpr (is_text_shape<U>() || s == Shape::sequence) {
    return sizeof(std::uint32_t);
  } else if constexpr (s == Shape::error_code) {
    return sizeof(std::int32_t) + sizeof(std::uint32_t);
  } else if constexpr (s == Shape::optional) {
    return 1 + (v.has_value() ? min_size(*v) : 0);
  } else if constexpr (s == Shape::variant) {
    return 1 + (v.valueless_by_exception()
                    ? 0
                    : std::visit([](const auto& a) { return min_size(a); }, v));
  } else if constexpr (s == Shape::tuple) {
    return std::apply([](const auto&... a) { return (std::size_t{0} + ... + min_size(a)); }, v);
  } else if constexpr (s == Shape::described_struct) {
    constexpr auto d = description_of<U>();
    return std::apply([&v](auto... m) { return (std::size_t{0} + ... + min_size(v.*m)); },
                      d.members);
  } else {
    return value_size(v);
  }
}

// Writes `s` cut to `room` bytes (room >= 4), its tail replaced by the marker (when the kept part
// is shorter than the marker, by the marker's end). With Write false, only measures.
template <bool Write>
std::size_t put_cut_text(std::byte* out, std::string_view s, std::size_t room) noexcept {
  const std::size_t keep =
      room - sizeof(std::uint32_t) < s.size() ? room - sizeof(std::uint32_t) : s.size();
  if constexpr (Write) {
    std::byte* end = put_text(out, s.substr(0, keep));
    if (keep < s.size()) {
      const std::size_t n = keep < kTruncatedMarker.size() ? keep : kTruncatedMarker.size();
      std::memcpy(end - n, kTruncatedMarker.data() + (kTruncatedMarker.size() - n), n);
    }
  }
  return sizeof(std::uint32_t) + keep;
}

template <bool Write, typename T>
std::size_t put_fit(std::byte* out, const T& v, std::size_t room) noexcept;

// `out + n` when writing; when only measuring, `out` is null and stays so (no arithmetic on it).
template <bool Write>
constexpr std::byte* advance(std::byte* out, std::size_t n) noexcept {
  if constexpr (Write) {
    return out + n;
  } else {
    (void)n;
    return out;
  }
}

// Fields in order, each given the room left minus what the fields after it need at the least;
// returns the bytes used.
template <bool Write, typename... F>
std::size_t put_fit_fields(std::byte* out, std::size_t room, const F&... fields) noexcept {
  const std::size_t mins[] = {min_size(fields)..., 0};
  std::size_t after = (std::size_t{0} + ... + min_size(fields));
  std::size_t used = 0, i = 0;
  [[maybe_unused]] const auto one = [&](const auto& f) {
    after -= mins[i++];
    used += put_fit<Write>(advance<Write>(out, used), f, room - used - after);
  };
  (one(fields), ...);
  return used;
}

template <bool Write, typename T>
std::size_t put_fit(std::byte* out, const T& v, std::size_t room) noexcept {
  using U = std::remove_cvref_t<T>;
  constexpr Shape s = shape_of<U>();
  const std::size_t full = value_size(v);
  if (full <= room) {
    if constexpr (Write) put_value(out, v);
    return full;
  }
  if constexpr (s == Shape::hex) {
    // Hex bytes are not cut with a text marker: the length's top bit says they were cut.
    const std::size_t keep = room - sizeof(std::uint32_t);
    if constexpr (Write) {
      put_u32(out, static_cast<std::uint32_t>(keep) | kSequenceCut);
      if (keep != 0) std::memcpy(out + sizeof(std::uint32_t), v.bytes.data(), keep);
    }
    return sizeof(std::uint32_t) + keep;
  } else if constexpr (is_text_shape<U>()) {
    return put_cut_text<Write>(out, text_of(v), room);
  } else if constexpr (s == Shape::error_code) {
    if constexpr (Write) put_value(out, std::int32_t{v.value()});
    return sizeof(std::int32_t) + put_cut_text<Write>(advance<Write>(out, sizeof(std::int32_t)),
                                                      v.category().name(),
                                                      room - sizeof(std::int32_t));
  } else if constexpr (s == Shape::optional) {
    if constexpr (Write) *out = std::byte{1};
    return 1 +
           put_fit<Write>(advance<Write>(out, 1), *v, room - 1);  // has a value: else it would fit
  } else if constexpr (s == Shape::variant) {
    if constexpr (Write) *out = static_cast<std::byte>(v.index());
    return 1 +
           std::visit(
               [&](const auto& a) { return put_fit<Write>(advance<Write>(out, 1), a, room - 1); },
               v);
  } else if constexpr (s == Shape::tuple) {
    return std::apply([&](const auto&... a) { return put_fit_fields<Write>(out, room, a...); }, v);
  } else if constexpr (s == Shape::described_struct) {
    constexpr auto d = description_of<U>();
    return std::apply([&](auto... m) { return put_fit_fields<Write>(out, room, v.*m...); },
                      d.members);
  } else if constexpr (s == Shape::sequence) {
    using E = element_t<U>;
    std::size_t used = sizeof(std::uint32_t);
    std::uint32_t n = 0;
    for (const auto& e : v) {
      const E& element = e;
      const std::size_t size = value_size(element);
      if (size <= room - used) {
        if constexpr (Write) put_value(advance<Write>(out, used), element);
        used += size;
        ++n;
        continue;
      }
      if (min_size(element) < room - used) {  // a cut element still says something
        used += put_fit<Write>(advance<Write>(out, used), element, room - used);
        ++n;
      }
      break;
    }
    if constexpr (Write) put_u32(out, n | kSequenceCut);
    return used;
  } else {
    return full;  // fixed size: min_size() == value_size(), so the caller made room
  }
}

}  // namespace ringlog::detail
