// Arguments that are not one scalar or string: described structs and enums, standard containers
// and vocabulary types, chrono values, paths, error codes, hex buffers, and trivially copyable
// types with an fmt::formatter. For each type: its shape, its type code (detail/type_code.h,
// built at compile time), and how its value is sized and copied raw into a record. The backend
// reads the same layout back with src/values/value_walk.h.
//
// Value layout in a record: scalars native; strings, paths and hex as u32 length + bytes;
// sequences as u32 count (top bit: cut short) + elements; tuples and structs as their fields
// in order; optional as u8 has-value + value; variant as u8 index + value; enums as their
// integer; durations as their count; system_clock time points as their duration; an
// error_code as i32 value + its category's name (string); formatter-only types as their bytes.
#pragma once

#include <fmt/core.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <optional>
#include <ranges>
#include <string>
#include <string_view>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "ringlog/detail/type_code.h"
#include "ringlog/values.h"

namespace ringlog::detail {

// A composite argument on its way into a record: a view of the caller's value.
template <typename T>
struct ValueRef {
  const T* value;
};

// How the backend formats a kFormatted value: `raw` holds the type's bytes, `field` is "{}" or
// "{:spec}". Appends the text; throws fmt::format_error on a bad spec.
using RawFormatter = void (*)(const std::byte* raw, std::string_view field, fmt::appender out);

inline constexpr std::uint32_t kSequenceCut = 0x8000'0000u;  // count flag: elements were cut

// ---- Shapes --------------------------------------------------------------------------------

enum class Shape {
  scalar,  // arithmetic, plain enum, pointer: one ArgType
  string,  // every string kind
  described_enum,
  described_struct,
  formatted,  // trivially copyable with an fmt::formatter
  sequence,
  tuple,
  optional,
  variant,
  monostate,
  duration,
  time_point,
  path,
  error_code,
  hex,
  text,  // format_now()
  not_trivially_copyable,
  unsupported,
};

template <typename T, template <typename...> class Template>
inline constexpr bool is_specialization_v = false;
template <template <typename...> class Template, typename... A>
inline constexpr bool is_specialization_v<Template<A...>, Template> = true;

template <typename T>
inline constexpr bool is_duration_v = false;
template <typename R, typename P>
inline constexpr bool is_duration_v<std::chrono::duration<R, P>> = true;

template <typename T>
inline constexpr bool is_system_time_v = false;
template <typename D>
inline constexpr bool is_system_time_v<std::chrono::time_point<std::chrono::system_clock, D>> =
    true;

template <typename T>
concept Described = requires {
  ringlog_describe(static_cast<const T*>(nullptr));
};
template <typename T>
concept DescribedEnum = requires {
  ringlog_describe_enum(static_cast<const T*>(nullptr));
};

template <typename T>
inline constexpr bool is_string_like_v =
    std::is_same_v<T, std::string_view> || std::is_same_v<T, const char*> ||
    std::is_same_v<T, char*> || is_specialization_v<T, std::basic_string> ||
    (std::is_array_v<T> && std::is_same_v<std::remove_cv_t<std::remove_extent_t<T>>, char>);

template <typename T>
constexpr Shape shape_of() noexcept {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_arithmetic_v<U>) {
    return Shape::scalar;
  } else if constexpr (is_string_like_v<U>) {
    return Shape::string;
  } else if constexpr (std::is_enum_v<U>) {
    return DescribedEnum<U> ? Shape::described_enum : Shape::scalar;
  } else if constexpr (std::is_pointer_v<U> || std::is_null_pointer_v<U>) {
    return Shape::scalar;
  } else if constexpr (std::is_same_v<U, HexBytes>) {
    return Shape::hex;
  } else if constexpr (std::is_same_v<U, FormattedNow>) {
    return Shape::text;
  } else if constexpr (std::is_same_v<U, std::monostate>) {
    return Shape::monostate;
  } else if constexpr (is_specialization_v<U, std::optional>) {
    return Shape::optional;
  } else if constexpr (is_specialization_v<U, std::variant>) {
    return Shape::variant;
  } else if constexpr (is_duration_v<U>) {
    return Shape::duration;
  } else if constexpr (is_system_time_v<U>) {
    return Shape::time_point;
  } else if constexpr (std::is_same_v<U, std::filesystem::path>) {
    return Shape::path;
  } else if constexpr (std::is_same_v<U, std::error_code>) {
    return Shape::error_code;
  } else if constexpr (is_specialization_v<U, std::pair> || is_specialization_v<U, std::tuple>) {
    return Shape::tuple;
  } else if constexpr (std::ranges::input_range<const U>) {
    return Shape::sequence;
  } else if constexpr (fmt::is_formattable<U>::value && std::is_trivially_copyable_v<U>) {
    return Shape::formatted;  // a user's formatter wins over a description
  } else if constexpr (Described<U>) {
    return Shape::described_struct;
  } else if constexpr (fmt::is_formattable<U>::value) {
    return Shape::not_trivially_copyable;
  } else {
    return Shape::unsupported;
  }
}

template <typename T>
constexpr void check_loggable() noexcept {
  constexpr Shape s = shape_of<T>();
  static_assert(s != Shape::not_trivially_copyable,
                "ringlog: this type has an fmt::formatter but is not trivially copyable, so it "
                "cannot be copied raw into the ring. Describe it with RINGLOG_DESCRIBE(Type, "
                "members...) (<ringlog/describe.h>), or log ringlog::format_now(value) to format "
                "it on the calling thread.");
  static_assert(s != Shape::unsupported,
                "ringlog: cannot log this type. Describe it with RINGLOG_DESCRIBE(Type, "
                "members...) or RINGLOG_DESCRIBE_ENUM(Type, enumerators...) "
                "(<ringlog/describe.h>), give a trivially copyable type an fmt::formatter, or log "
                "ringlog::format_now(value).");
}

// ---- Descriptions --------------------------------------------------------------------------

template <typename T>
constexpr auto description_of() noexcept {
  return ringlog_describe(static_cast<const T*>(nullptr));
}
template <typename T>
constexpr auto enum_description_of() noexcept {
  return ringlog_describe_enum(static_cast<const T*>(nullptr));
}

template <typename C, typename F>
F member_type_of(F C::*);

template <typename T, std::size_t I>
using field_type_t =
    std::remove_cvref_t<decltype(member_type_of(std::get<I>(description_of<T>().members)))>;

template <typename T>
inline constexpr std::size_t field_count_v =
    std::tuple_size_v<decltype(description_of<T>().members)>;

// The scalar a plain enum, pointer or arithmetic value is stored as.
template <typename T>
constexpr auto scalar_stored(const T& v) noexcept {
  if constexpr (std::is_enum_v<T>) {
    return static_cast<std::underlying_type_t<T>>(v);
  } else if constexpr (std::is_pointer_v<T> || std::is_null_pointer_v<T>) {
    return static_cast<const void*>(v);
  } else {
    return v;
  }
}
template <typename T>
using scalar_stored_t = decltype(scalar_stored(std::declval<const T&>()));

template <typename S>
constexpr ArgType scalar_kind() noexcept {
  if constexpr (std::is_same_v<S, bool>) {
    return ArgType::kBool;
  } else if constexpr (std::is_same_v<S, char>) {
    return ArgType::kChar;
  } else if constexpr (std::is_same_v<S, const void*>) {
    return ArgType::kPointer;
  } else if constexpr (std::is_same_v<S, float>) {
    return ArgType::kF32;
  } else if constexpr (std::is_same_v<S, double>) {
    return ArgType::kF64;
  } else if constexpr (std::is_same_v<S, long double>) {
    return ArgType::kLongDouble;
  } else {
    static_assert(std::is_integral_v<S>, "ringlog: no ArgType for this stored type");
    static_assert(sizeof(S) <= 8, "ringlog: 128-bit integers are not supported");
    constexpr bool s = std::is_signed_v<S>;
    if constexpr (sizeof(S) == 1) return s ? ArgType::kI8 : ArgType::kU8;
    if constexpr (sizeof(S) == 2) return s ? ArgType::kI16 : ArgType::kU16;
    if constexpr (sizeof(S) == 4) return s ? ArgType::kI32 : ArgType::kU32;
    if constexpr (sizeof(S) == 8) return s ? ArgType::kI64 : ArgType::kU64;
  }
}

// Element type of a range, and pair/tuple element types.
template <typename T>
using element_t = std::remove_cvref_t<std::ranges::range_value_t<const T>>;

template <typename T>
constexpr SequenceFlavour flavour_of() noexcept {
  if constexpr (requires { typename T::mapped_type; }) {
    return SequenceFlavour::map;
  } else if constexpr (requires { typename T::key_type; }) {
    return SequenceFlavour::set;
  } else {
    return SequenceFlavour::list;
  }
}

// ---- Type codes ----------------------------------------------------------------------------

template <typename T>
constexpr std::size_t formatted_count() noexcept;
template <typename T, std::size_t Base, int Depth = 0>
constexpr auto type_code() noexcept;

// Codes of several types in a row; Base numbers their kFormatted values consecutively.
template <std::size_t Base, int Depth, typename... Ts>
constexpr auto codes_of() noexcept {
  if constexpr (sizeof...(Ts) == 0) {
    return Code<0>{};
  } else {
    return [&]<typename First, typename... Rest>(std::type_identity<First>,
                                                 std::type_identity<Rest>...) {
      return concat_code(type_code<First, Base, Depth>(),
                         codes_of<Base + formatted_count<First>(), Depth, Rest...>());
    }(std::type_identity<Ts>{}...);
  }
}

template <typename T, std::size_t Base, int Depth, std::size_t I>
constexpr auto struct_fields_code() noexcept {
  if constexpr (I == field_count_v<T>) {
    return Code<0>{};
  } else {
    constexpr auto d = description_of<T>();
    using F = field_type_t<T, I>;
    return concat_code(code_name<d.field_names[I].size()>(d.field_names[I]),
                       type_code<F, Base, Depth>(),
                       struct_fields_code<T, Base + formatted_count<F>(), Depth, I + 1>());
  }
}

template <typename E, std::size_t I>
constexpr auto enumerators_code() noexcept {
  constexpr auto d = enum_description_of<E>();
  if constexpr (I == d.values.size()) {
    return Code<0>{};
  } else {
    // Sign-extended to 64 bits, so a decoder compares it with the stored integer widened.
    const auto value = static_cast<std::uint64_t>(
        static_cast<std::int64_t>(static_cast<std::underlying_type_t<E>>(d.values[I])));
    return concat_code(code_le(value), code_name<d.names[I].size()>(d.names[I]),
                       enumerators_code<E, I + 1>());
  }
}

// The member types of a pair, tuple or variant, as a std::tuple of decayed types.
template <typename T>
struct Alternatives;
template <typename... A>
struct Alternatives<std::pair<A...>> {
  using type = std::tuple<std::remove_cvref_t<A>...>;
};
template <typename... A>
struct Alternatives<std::tuple<A...>> {
  using type = std::tuple<std::remove_cvref_t<A>...>;
};
template <typename... A>
struct Alternatives<std::variant<A...>> {
  using type = std::tuple<std::remove_cvref_t<A>...>;
};
template <typename T>
using alternatives_t = typename Alternatives<T>::type;

template <std::size_t Base, int Depth, typename... A>
constexpr auto alternatives_code(std::type_identity<std::tuple<A...>>) noexcept {
  return codes_of<Base, Depth, A...>();
}
template <typename... A>
constexpr std::size_t alternatives_formatted(std::type_identity<std::tuple<A...>>) noexcept {
  return (std::size_t{0} + ... + formatted_count<A>());
}

template <typename T>
constexpr std::size_t formatted_count() noexcept {
  using U = std::remove_cvref_t<T>;
  constexpr Shape s = shape_of<U>();
  if constexpr (s == Shape::formatted) {
    return 1;
  } else if constexpr (s == Shape::sequence) {
    return formatted_count<element_t<U>>();
  } else if constexpr (s == Shape::optional) {
    return formatted_count<typename U::value_type>();
  } else if constexpr (s == Shape::tuple || s == Shape::variant) {
    return alternatives_formatted(std::type_identity<alternatives_t<U>>{});
  } else if constexpr (s == Shape::described_struct) {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return (std::size_t{0} + ... + formatted_count<field_type_t<U, I>>());
    }
    (std::make_index_sequence<field_count_v<U>>{});
  } else {
    return 0;
  }
}

template <typename T, std::size_t Base, int Depth>
constexpr auto type_code() noexcept {
  using U = std::remove_cvref_t<T>;
  check_loggable<U>();
  static_assert(Depth < kMaxTypeDepth, "ringlog: types nest at most 16 deep");
  constexpr Shape s = shape_of<U>();
  if constexpr (s == Shape::scalar) {
    return code_kind(scalar_kind<scalar_stored_t<U>>());
  } else if constexpr (s == Shape::string || s == Shape::text) {
    return code_kind(ArgType::kString);
  } else if constexpr (s == Shape::hex) {
    return code_kind(ArgType::kHex);
  } else if constexpr (s == Shape::path) {
    return code_kind(ArgType::kPath);
  } else if constexpr (s == Shape::error_code) {
    return code_kind(ArgType::kErrorCode);
  } else if constexpr (s == Shape::monostate) {
    return code_kind(ArgType::kMonostate);
  } else if constexpr (s == Shape::formatted) {
    static_assert(Base < 256, "ringlog: at most 256 formatter-only values per call");
    return concat_code(code_kind(ArgType::kFormatted), code_le(std::uint32_t{sizeof(U)}),
                       code_byte(static_cast<std::uint8_t>(Base)));
  } else if constexpr (s == Shape::described_enum) {
    constexpr auto d = enum_description_of<U>();
    return concat_code(code_kind(ArgType::kEnum), code_name<d.name.size()>(d.name),
                       code_kind(scalar_kind<std::underlying_type_t<U>>()),
                       code_le(static_cast<std::uint16_t>(d.values.size())),
                       enumerators_code<U, 0>());
  } else if constexpr (s == Shape::duration) {
    using R = typename U::rep;
    static_assert(std::is_arithmetic_v<R>, "ringlog: a duration's count must be a number");
    return concat_code(
        code_kind(ArgType::kDuration), code_le(static_cast<std::uint64_t>(U::period::num)),
        code_le(static_cast<std::uint64_t>(U::period::den)), code_kind(scalar_kind<R>()));
  } else if constexpr (s == Shape::time_point) {
    return concat_code(code_kind(ArgType::kTimePoint),
                       type_code<typename U::duration, Base, Depth + 1>());
  } else if constexpr (s == Shape::optional) {
    return concat_code(code_kind(ArgType::kOptional),
                       type_code<typename U::value_type, Base, Depth + 1>());
  } else if constexpr (s == Shape::tuple || s == Shape::variant) {
    using A = alternatives_t<U>;
    static_assert(std::tuple_size_v<A> <= 255, "ringlog: at most 255 tuple or variant members");
    return concat_code(code_kind(s == Shape::tuple ? ArgType::kTuple : ArgType::kVariant),
                       code_byte(static_cast<std::uint8_t>(std::tuple_size_v<A>)),
                       alternatives_code<Base, Depth + 1>(std::type_identity<A>{}));
  } else if constexpr (s == Shape::sequence) {
    return concat_code(code_kind(ArgType::kSequence),
                       code_byte(static_cast<std::uint8_t>(flavour_of<U>())),
                       type_code<element_t<U>, Base, Depth + 1>());
  } else if constexpr (s == Shape::described_struct) {
    constexpr auto d = description_of<U>();
    static_assert(field_count_v<U> <= 255, "ringlog: at most 255 described members");
    return concat_code(code_kind(ArgType::kStruct), code_name<d.name.size()>(d.name),
                       code_byte(static_cast<std::uint8_t>(field_count_v<U>)),
                       struct_fields_code<U, Base, Depth + 1, 0>());
  }
}

// ---- Formatter tables ----------------------------------------------------------------------

template <typename T>
void format_raw(const std::byte* raw, std::string_view field, fmt::appender out) {
  // The bytes were copied from a live T, so a T may be re-formed from them (trivially copyable).
  alignas(T) std::byte storage[sizeof(T)];
  std::memcpy(storage, raw, sizeof(T));
  const T& value = *std::launder(reinterpret_cast<const T*>(storage));
  fmt::format_to(out, fmt::runtime(fmt::string_view(field.data(), field.size())), value);
}

template <typename... Ts>
constexpr auto formatters_of() noexcept;

template <typename T>
constexpr auto formatters_for() noexcept {
  using U = std::remove_cvref_t<T>;
  constexpr Shape s = shape_of<U>();
  if constexpr (formatted_count<U>() == 0) {
    return std::array<RawFormatter, 0>{};
  } else if constexpr (s == Shape::formatted) {
    return std::array<RawFormatter, 1>{&format_raw<U>};
  } else if constexpr (s == Shape::sequence) {
    return formatters_for<element_t<U>>();
  } else if constexpr (s == Shape::optional) {
    return formatters_for<typename U::value_type>();
  } else if constexpr (s == Shape::tuple || s == Shape::variant) {
    return []<typename... A>(std::type_identity<std::tuple<A...>>) {
      return formatters_of<A...>();
    }(std::type_identity<alternatives_t<U>>{});
  } else {
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return formatters_of<field_type_t<U, I>...>();
    }
    (std::make_index_sequence<field_count_v<U>>{});
  }
}

template <typename... Ts>
constexpr auto formatters_of() noexcept {
  constexpr std::size_t n = (std::size_t{0} + ... + formatted_count<Ts>());
  std::array<RawFormatter, n> out{};
  std::size_t at = 0;
  [[maybe_unused]] const auto put = [&](const auto& part) {
    for (RawFormatter f : part) out[at++] = f;
  };
  (put(formatters_for<Ts>()), ...);
  return out;
}

}  // namespace ringlog::detail

namespace ringlog::detail {

// The spec a composite value's text takes: [[fill]align][width][.precision][s], checked at
// compile time. (Not fmt::formatter<string_view>'s parser: GCC 12 warns falsely inside it.)
struct TextSpecParser {
  constexpr auto parse(fmt::format_parse_context& ctx) {
    auto it = ctx.begin();
    const auto end = ctx.end();
    const auto is_align = [](char c) { return c == '<' || c == '>' || c == '^'; };
    if (it != end && it + 1 != end && is_align(it[1])) {
      it += 2;
    } else if (it != end && is_align(*it)) {
      ++it;
    }
    while (it != end && *it >= '0' && *it <= '9') ++it;
    if (it != end && *it == '.') {
      ++it;
      while (it != end && *it >= '0' && *it <= '9') ++it;
    }
    if (it != end && *it == 's') ++it;
    if (it != end && *it != '}') {
      ctx.on_error("ringlog: a composite value takes only [[fill]align][width][.precision][s]");
    }
    return it;
  }
};

}  // namespace ringlog::detail

// What fmt checks a composite argument's format spec against at compile time: the user's
// formatter for a formatter-only type, else a string-like spec (applied to the value's text).
// Records are formatted from their bytes, so format() is never called.
template <typename T>
struct fmt::formatter<ringlog::detail::ValueRef<T>>
    : std::conditional_t<ringlog::detail::shape_of<T>() == ringlog::detail::Shape::formatted,
                         fmt::formatter<T>, ringlog::detail::TextSpecParser> {
  template <typename Context>
  auto format(const ringlog::detail::ValueRef<T>&, Context& ctx) const {
    return ctx.out();
  }
};
