// The context byte layout on its own (src/context/context_codec.h): entries appended to a
// snapshot, decoded one by one, resolved to one field per key; limits and corrupt bytes.
#include "context/context_codec.h"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <string>
#include <vector>

#include "ringlog/context.h"

using namespace std::string_view_literals;
using ringlog::ContextSnapshot;
using ringlog::Field;
using ringlog::FieldValue;
using ringlog::detail::ContextAccess;
using ringlog::detail::ContextEntry;
using ringlog::detail::decode_context_entry;
using ringlog::detail::resolve_context;

namespace {

std::vector<Field> resolved(const ContextSnapshot& c, bool& complete) {
  std::array<Field, ringlog::kContextMaxFields> out;
  const std::size_t n = resolve_context(ContextAccess::entries(c), out, complete);
  return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n)};
}

std::vector<std::byte> bytes_of(std::initializer_list<int> values) {
  std::vector<std::byte> out;
  for (const int v : values) out.push_back(static_cast<std::byte>(v));
  return out;
}

}  // namespace

TEST_CASE("each value type round-trips through an entry with its exact size") {
  const std::vector<std::pair<FieldValue, std::size_t>> values = {
      {FieldValue(std::int64_t{-42}), 2 + 1 + 8},
      {FieldValue(std::uint64_t{18446744073709551615u}), 2 + 1 + 8},
      {FieldValue(101.25), 2 + 1 + 8},
      {FieldValue(true), 2 + 1 + 1},
      {FieldValue(false), 2 + 1 + 1},
      {FieldValue("XNAS"sv), 2 + 1 + 1 + 4},
      {FieldValue(""sv), 2 + 1 + 1}};
  for (const auto& [value, size] : values) {
    ContextSnapshot c;
    ContextAccess::append(c, 0, "k", value);
    REQUIRE(ContextAccess::count(c) == 1);
    CHECK(ContextAccess::size(c) == size);
    ContextEntry e;
    REQUIRE(decode_context_entry(ContextAccess::entries(c), e));
    CHECK(e.key == "k");
    CHECK(e.value == value);
    CHECK(e.size == size);
  }
}

TEST_CASE("a later entry with the same key replaces the earlier value in place") {
  ContextSnapshot c;
  ContextAccess::append(c, 0, "order_id", FieldValue(std::int64_t{1}));
  ContextAccess::append(c, 0, "venue", FieldValue("XNAS"sv));
  ContextAccess::append(c, 0, "order_id", FieldValue(std::int64_t{2}));
  bool complete = false;
  const std::vector<Field> fields = resolved(c, complete);
  CHECK(complete);
  REQUIRE(fields.size() == 2);
  CHECK(fields[0].key == "order_id");
  CHECK(fields[0].value == FieldValue(std::int64_t{2}));
  CHECK(fields[1].key == "venue");
  CHECK(ContextAccess::count(c) == 3);  // all three entries are kept; resolving merges them
}

TEST_CASE("long keys and strings are cut to their limits, strings ending in '...'") {
  ContextSnapshot c;
  const std::string key(100, 'k');
  const std::string value(100, 'v');
  ContextAccess::append(c, 0, key, FieldValue(std::string_view(value)));
  bool complete = false;
  const std::vector<Field> fields = resolved(c, complete);
  REQUIRE(fields.size() == 1);
  CHECK(fields[0].key == std::string(ringlog::kContextMaxKey, 'k'));
  CHECK(std::get<std::string_view>(fields[0].value) ==
        std::string(ringlog::kContextMaxString - 3, 'v') + "...");
}

TEST_CASE("past the field limit, entries are left out and counted in one ctx_dropped entry") {
  ContextSnapshot c;
  for (int i = 0; i < 40; ++i) {
    ContextAccess::append(c, 0, fmt::format("f{}", i), FieldValue(std::int64_t{i}));
  }
  CHECK(ContextAccess::count(c) == ringlog::kContextMaxFields);
  bool complete = false;
  const std::vector<Field> fields = resolved(c, complete);
  CHECK(complete);
  REQUIRE(fields.size() == ringlog::kContextMaxFields);
  // The reserve keeps room for the marker: 15 fields kept, 25 counted.
  CHECK(fields.back().key == ringlog::detail::kDroppedFieldsKey);
  CHECK(fields.back().value == FieldValue(std::uint64_t{40 - (ringlog::kContextMaxFields - 1)}));
  CHECK(ContextAccess::size(c) <= ringlog::kContextMaxBytes);
}

TEST_CASE("past the byte limit, entries are left out and counted, never overrunning") {
  ContextSnapshot c;
  const std::string big(60, 's');
  for (int i = 0; i < 10; ++i) {
    ContextAccess::append(c, 0, fmt::format("s{}", i), FieldValue(std::string_view(big)));
  }
  CHECK(ContextAccess::size(c) <= ringlog::kContextMaxBytes);
  bool complete = false;
  const std::vector<Field> fields = resolved(c, complete);
  CHECK(complete);
  REQUIRE_FALSE(fields.empty());
  CHECK(fields.back().key == ringlog::detail::kDroppedFieldsKey);
  const auto kept = fields.size() - 1;
  CHECK(fields.back().value == FieldValue(std::uint64_t{10 - kept}));
}

TEST_CASE("truncating to an earlier size and count drops the later entries") {
  ContextSnapshot c;
  ContextAccess::append(c, 0, "outer", FieldValue(std::int64_t{1}));
  const auto size = ContextAccess::size(c);
  const auto count = ContextAccess::count(c);
  ContextAccess::append(c, size, "inner", FieldValue(std::int64_t{2}));
  ContextAccess::truncate(c, size, count);
  bool complete = false;
  const std::vector<Field> fields = resolved(c, complete);
  REQUIRE(fields.size() == 1);
  CHECK(fields[0].key == "outer");
}

TEST_CASE("corrupt entries are refused: short, unknown type, lengths past the end") {
  ContextEntry e;
  CHECK_FALSE(decode_context_entry({}, e));
  CHECK_FALSE(
      decode_context_entry(bytes_of({static_cast<int>(ringlog::detail::ArgType::kI64)}), e));
  // An unknown type byte.
  CHECK_FALSE(decode_context_entry(bytes_of({0xEE, 1, 'k', 0}), e));
  // A key length past the end.
  CHECK_FALSE(decode_context_entry(
      bytes_of({static_cast<int>(ringlog::detail::ArgType::kBool), 9, 'k'}), e));
  // A number cut short.
  CHECK_FALSE(decode_context_entry(
      bytes_of({static_cast<int>(ringlog::detail::ArgType::kU64), 1, 'k', 1, 2, 3}), e));
  // A string whose length runs past the end.
  CHECK_FALSE(decode_context_entry(
      bytes_of({static_cast<int>(ringlog::detail::ArgType::kString), 1, 'k', 5, 'a', 'b'}), e));
  // The same string, whole, is accepted (the decoded view points into the bytes).
  const std::vector<std::byte> whole =
      bytes_of({static_cast<int>(ringlog::detail::ArgType::kString), 1, 'k', 2, 'a', 'b'});
  REQUIRE(decode_context_entry(whole, e));
  CHECK(e.value == FieldValue("ab"sv));
}

TEST_CASE("resolving stops at a corrupt entry, keeping the fields before it") {
  ContextSnapshot c;
  ContextAccess::append(c, 0, "good", FieldValue(true));
  std::vector<std::byte> bytes(ContextAccess::entries(c).begin(), ContextAccess::entries(c).end());
  bytes.push_back(std::byte{0xEE});  // an entry of unknown type
  bytes.push_back(std::byte{0});
  std::array<Field, 4> out;
  bool complete = true;
  const std::size_t n = resolve_context(bytes, out, complete);
  CHECK_FALSE(complete);
  REQUIRE(n == 1);
  CHECK(out[0].key == "good");
}

TEST_CASE("resolving into a smaller array keeps the first keys and leaves the rest out") {
  ContextSnapshot c;
  for (int i = 0; i < 5; ++i) {
    ContextAccess::append(c, 0, fmt::format("k{}", i), FieldValue(std::int64_t{i}));
  }
  std::array<Field, 3> out;
  bool complete = false;
  CHECK(resolve_context(ContextAccess::entries(c), out, complete) == 3);
  CHECK(complete);
  CHECK(out[2].key == "k2");
}
