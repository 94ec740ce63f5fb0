// Describing your own types once so they can be logged raw:
//
//   struct Order { std::uint64_t id; Side side; int qty; double px; };
//   RINGLOG_DESCRIBE(Order, id, side, qty, px);   // prints Order{id: 7, side: buy, ...}
//   enum class Side { buy, sell };
//   RINGLOG_DESCRIBE_ENUM(Side, buy, sell);        // prints buy / sell
//
// Write the macro in the type's namespace (or the global one for a global type), after the type,
// in a header every file that logs the type includes. The listed members must be public. A log
// call then copies the members' raw bytes (no formatting, no allocation); the backend prints
// them, and binary logs carry the description so ringlog-cat prints them without your code.
// Up to 32 members or enumerators per macro.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <tuple>

#include "ringlog/detail/type_code.h"

namespace ringlog::detail {

template <typename T, typename... Members>
struct StructDescription {
  std::string_view name;
  std::array<std::string_view, sizeof...(Members)> field_names;
  std::tuple<Members...> members;  // pointers to members, in the order listed
};

template <typename T, typename... Members>
constexpr StructDescription<T, Members...> describe_struct(std::string_view name,
                                                           std::string_view field_list,
                                                           Members... members) noexcept {
  return {name, split_names<sizeof...(Members)>(field_list), {members...}};
}

template <typename E, std::size_t N>
struct EnumDescription {
  std::string_view name;
  std::array<std::string_view, N> names;
  std::array<E, N> values;
};

template <typename E, typename... Values>
constexpr EnumDescription<E, sizeof...(Values)> describe_enum(std::string_view name,
                                                              std::string_view value_list,
                                                              Values... values) noexcept {
  return {name, split_names<sizeof...(Values)>(value_list), {values...}};
}

}  // namespace ringlog::detail

// RINGLOG_DETAIL_EACH(F, T, a, b, c) -> F(T, a), F(T, b), F(T, c)   (1 to 32 names)
#define RINGLOG_DETAIL_EACH_1(F, T, a) F(T, a)
#define RINGLOG_DETAIL_EACH_2(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_1(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_3(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_2(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_4(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_3(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_5(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_4(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_6(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_5(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_7(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_6(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_8(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_7(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_9(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_8(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_10(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_9(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_11(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_10(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_12(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_11(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_13(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_12(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_14(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_13(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_15(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_14(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_16(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_15(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_17(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_16(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_18(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_17(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_19(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_18(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_20(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_19(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_21(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_20(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_22(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_21(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_23(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_22(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_24(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_23(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_25(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_24(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_26(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_25(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_27(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_26(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_28(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_27(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_29(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_28(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_30(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_29(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_31(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_30(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_EACH_32(F, T, a, ...) F(T, a), RINGLOG_DETAIL_EACH_31(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_COUNT(...)                                                                \
  RINGLOG_DETAIL_COUNT_(__VA_ARGS__, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, \
                        17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0)
#define RINGLOG_DETAIL_COUNT_(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12, _13, _14, _15, \
                              _16, _17, _18, _19, _20, _21, _22, _23, _24, _25, _26, _27, _28,  \
                              _29, _30, _31, _32, N, ...)                                       \
  N
#define RINGLOG_DETAIL_CAT(a, b) RINGLOG_DETAIL_CAT_(a, b)
#define RINGLOG_DETAIL_CAT_(a, b) a##b
#define RINGLOG_DETAIL_EACH(F, T, ...) \
  RINGLOG_DETAIL_CAT(RINGLOG_DETAIL_EACH_, RINGLOG_DETAIL_COUNT(__VA_ARGS__))(F, T, __VA_ARGS__)
#define RINGLOG_DETAIL_MEMBER(T, m) &T::m
#define RINGLOG_DETAIL_ENUMERATOR(T, e) T::e

// Describes struct or class `Type`'s public members, in the order to print them. Found by
// argument-dependent lookup, so it must be in Type's namespace.
#define RINGLOG_DESCRIBE(Type, ...)                                                          \
  [[maybe_unused]] constexpr auto ringlog_describe(const Type*) noexcept {                   \
    return ::ringlog::detail::describe_struct<Type>(                                         \
        #Type, #__VA_ARGS__, RINGLOG_DETAIL_EACH(RINGLOG_DETAIL_MEMBER, Type, __VA_ARGS__)); \
  }                                                                                          \
  static_assert(true, "")

// Describes enum `Type`'s enumerators by name; a value not listed prints as its integer. Found
// by argument-dependent lookup, so it must be in Type's namespace.
#define RINGLOG_DESCRIBE_ENUM(Type, ...)                                                         \
  [[maybe_unused]] constexpr auto ringlog_describe_enum(const Type*) noexcept {                  \
    return ::ringlog::detail::describe_enum<Type>(                                               \
        #Type, #__VA_ARGS__, RINGLOG_DETAIL_EACH(RINGLOG_DETAIL_ENUMERATOR, Type, __VA_ARGS__)); \
  }                                                                                              \
  static_assert(true, "")
