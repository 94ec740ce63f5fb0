// The binary log's building blocks: varints, CRC-32C, compact arguments, the format guard.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "codec/compact_args.h"
#include "codec/compact_steps.h"
#include "codec/crc32c.h"
#include "codec/format_guard.h"
#include "codec/varint.h"
#include "format/message.h"
#include "ringlog/detail/arg_codec.h"

using namespace ringlog::detail;

TEST_CASE("varints and zigzag round-trip at every width boundary") {
  std::vector<std::uint64_t> values = {0, 1, 127, 128, 16383, 16384, UINT32_MAX, UINT64_MAX};
  for (int bit = 0; bit < 64; ++bit) values.push_back((std::uint64_t{1} << bit) - 1);
  for (std::uint64_t v : values) {
    std::byte buf[kMaxVarintBytes];
    std::byte* end = put_varint(buf, v);
    CHECK(static_cast<std::size_t>(end - buf) == varint_size(v));
    ByteReader in(buf, end);
    CHECK(in.varint() == v);
    CHECK(in.ok());
    CHECK(in.empty());
    const auto s = static_cast<std::int64_t>(v);
    CHECK(unzigzag(zigzag(s)) == s);
  }
  CHECK(zigzag(0) == 0);
  CHECK(zigzag(-1) == 1);
  CHECK(zigzag(1) == 2);
  CHECK(zigzag(std::numeric_limits<std::int64_t>::min()) == UINT64_MAX);
}

TEST_CASE("the byte reader fails, and stays failed, on cut or overlong varints") {
  const std::byte cut[] = {std::byte{0x80}, std::byte{0x80}};
  ByteReader a(cut, cut + 2);
  CHECK(a.varint() == 0);
  CHECK_FALSE(a.ok());
  CHECK(a.u8() == 0);  // latched
  std::byte overlong[11];
  std::memset(overlong, 0xFF, sizeof overlong);
  ByteReader b(overlong, overlong + 11);
  b.varint();
  CHECK_FALSE(b.ok());
  // Ten bytes whose last carries more than the 64th bit.
  std::byte too_big[10];
  std::memset(too_big, 0xFF, 9);
  too_big[9] = std::byte{0x02};
  ByteReader c(too_big, too_big + 10);
  c.varint();
  CHECK_FALSE(c.ok());
  const std::byte str[] = {std::byte{5}, std::byte{'a'}};
  ByteReader d(str, str + 2);
  CHECK(d.string().empty());
  CHECK_FALSE(d.ok());
}

TEST_CASE("crc32c matches the standard check value and both implementations agree") {
  CHECK(crc32c("123456789", 9) == 0xE306'9283u);
  CHECK(crc32c_portable("123456789", 9) == 0xE306'9283u);
  CHECK(crc32c("", 0) == 0);
  std::mt19937_64 rng(7);
  std::vector<unsigned char> data(4099);
  for (auto& b : data) b = static_cast<unsigned char>(rng());
  for (std::size_t start : {0, 1, 3, 7}) {
    for (std::size_t n : {0, 1, 7, 8, 9, 63, 64, 1000, 4092}) {
      INFO("start " << start << " size " << n);
      CHECK(crc32c(data.data() + start, n) == crc32c_portable(data.data() + start, n));
    }
  }
  // Continuing a CRC equals computing it in one go.
  CHECK(crc32c(data.data() + 100, 900, crc32c(data.data(), 100)) == crc32c(data.data(), 1000));
}

namespace {

struct Native {
  std::vector<std::uint8_t> types;
  std::vector<std::byte> bytes;

  template <typename S>
  void add(const S& v) {
    types.push_back(static_cast<std::uint8_t>(type_code<stored_value_t<S>, 0>()[0]));
    std::byte buf[64 + 256];
    std::byte* end = encode_arg(buf, v);
    bytes.insert(bytes.end(), &buf[0], end);
  }
};

std::string render(const Native& n) {
  std::string fmt_string;
  for (std::size_t i = 0; i < n.types.size(); ++i) fmt_string += "{}|";
  fmt::memory_buffer out;
  format_message(fmt_string, n.types, n.bytes, out);
  return fmt::to_string(out);
}

}  // namespace

TEST_CASE("compact arguments round-trip every type, extremes included, record after record") {
  std::vector<Native> records;
  for (int r = 0; r < 4; ++r) {
    Native n;
    n.add(r % 2 == 0);
    n.add(static_cast<char>('a' + r));
    n.add(static_cast<std::int8_t>(r == 1 ? -128 : 127));
    n.add(static_cast<std::uint8_t>(r * 80));
    n.add(static_cast<std::int16_t>(r == 2 ? INT16_MIN : INT16_MAX - r));
    n.add(static_cast<std::uint16_t>(r == 3 ? 0 : UINT16_MAX));
    n.add(static_cast<std::int32_t>(r == 0 ? INT32_MIN : INT32_MAX));
    n.add(static_cast<std::uint32_t>(r * 1'000'000'007u));
    n.add(static_cast<std::int64_t>(r % 2 ? INT64_MIN : INT64_MAX));
    n.add(static_cast<std::uint64_t>(r % 2 ? 0 : UINT64_MAX));
    n.add(r == 0 ? -0.0f : r == 1 ? std::numeric_limits<float>::infinity() : 1.5f * r);
    n.add(r == 0 ? std::nan("") : r == 1 ? -0.0 : 1e300 / (r + 1));
    n.add(static_cast<long double>(r) / 3.0L);
    n.add(std::string_view(r == 0 ? "" : "with\0nul and \xff bytes", r == 0 ? 0 : 20));
    n.add(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(0xdead0000 + r * 8)));
    records.push_back(std::move(n));
  }
  std::vector<std::uint64_t> write_prev(records[0].types.size(), 0);
  std::vector<std::uint64_t> read_prev(records[0].types.size(), 0);
  for (const Native& n : records) {
    std::vector<std::byte> compact(compact_args_bound(n.bytes.size(), n.types.size()) +
                                   kCompactArgsSlack);
    std::byte* end = encode_compact_args(n.types, n.bytes, write_prev.data(), compact.data());
    REQUIRE(end != nullptr);
    ByteReader in(compact.data(), end);
    std::vector<std::byte> native;
    REQUIRE(decode_compact_args(n.types, in, read_prev.data(), native));
    CHECK(in.empty());
    // Bytes equal except the padding of the long double (not stored).
    CHECK(render(Native{n.types, native}) == render(n));
    CHECK(native.size() == n.bytes.size());
  }
}

TEST_CASE("a site's planned encoding writes the generic encoder's bytes, and refuses the same") {
  std::vector<Native> records;
  for (int r = 0; r < 4; ++r) {
    Native n;
    n.add(r % 2 == 0);
    n.add(static_cast<std::int16_t>(r == 2 ? INT16_MIN : INT16_MAX - r));
    n.add(static_cast<std::uint32_t>(r * 1'000'000'007u));
    n.add(static_cast<std::int64_t>(r % 2 ? INT64_MIN : r));
    n.add(r == 1 ? std::numeric_limits<float>::infinity() : 1.5f * r);
    n.add(r == 0 ? std::nan("") : 1e300 / (r + 1));
    n.add(static_cast<long double>(r) / 3.0L);
    n.add(std::string_view(r == 0 ? "" : "text", r == 0 ? 0 : 4));
    n.add(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(0xdead0000 + r * 8)));
    records.push_back(std::move(n));
  }
  std::vector<CompactStep> plan;
  REQUIRE(make_compact_plan(records[0].types, plan));
  CHECK(plan.size() == records[0].types.size());
  std::vector<std::uint64_t> generic_prev(plan.size(), 0), planned_prev(plan.size(), 0);
  for (const Native& n : records) {
    const std::size_t room = compact_args_bound(n.bytes.size(), n.types.size()) + kCompactArgsSlack;
    std::vector<std::byte> generic(room), planned(room);
    std::byte* generic_end =
        encode_compact_args(n.types, n.bytes, generic_prev.data(), generic.data());
    std::byte* planned_end =
        encode_compact_planned(plan, n.bytes, planned_prev.data(), planned.data());
    REQUIRE(generic_end != nullptr);
    REQUIRE(planned_end != nullptr);
    CHECK(std::vector<std::byte>(generic.data(), generic_end) ==
          std::vector<std::byte>(planned.data(), planned_end));
    CHECK(generic_prev == planned_prev);
    // Cut short anywhere inside the last argument: both refuse.
    const std::span<const std::byte> cut(n.bytes.data(), n.bytes.size() - 1);
    CHECK(encode_compact_args(n.types, cut, generic_prev.data(), generic.data()) == nullptr);
    CHECK(encode_compact_planned(plan, cut, planned_prev.data(), planned.data()) == nullptr);
    generic_prev = planned_prev;  // the refused records left them half-updated alike
  }
  // A type no plan step covers (not a scalar, not a string): the generic encoder's case.
  const std::vector<std::uint8_t> unknown{0xff};
  CHECK_FALSE(make_compact_plan(unknown, plan));
}

TEST_CASE("a fixed-size site's unchecked encoding writes the checked encoder's bytes") {
  std::vector<Native> records;
  for (int r = 0; r < 5; ++r) {
    Native n;
    n.add(r % 2 == 0);
    n.add(static_cast<char>('a' + r));
    n.add(static_cast<std::int16_t>(r == 2 ? INT16_MIN : INT16_MAX - r));
    n.add(static_cast<std::uint16_t>(r * 13000));
    n.add(static_cast<std::int32_t>(r == 3 ? INT32_MIN : -r * 100'000));
    n.add(static_cast<std::uint32_t>(r * 1'000'000'007u));
    n.add(static_cast<std::int64_t>(r % 2 ? INT64_MIN : r));
    n.add(static_cast<std::uint64_t>(r == 4 ? UINT64_MAX : r * 3));
    n.add(r == 1 ? std::numeric_limits<float>::infinity() : 1.5f * static_cast<float>(r));
    n.add(r == 0 ? std::nan("") : 1e300 / (r + 1));
    n.add(static_cast<long double>(r) / 3.0L);
    n.add(reinterpret_cast<const void*>(static_cast<std::uintptr_t>(0xdead0000 + r * 8)));
    records.push_back(std::move(n));
  }
  std::vector<CompactStep> plan;
  REQUIRE(make_compact_plan(records[0].types, plan));
  REQUIRE(compact_plan_fixed_bytes(plan) == records[0].bytes.size());
  std::vector<std::uint64_t> checked_prev(plan.size(), 0), fixed_prev(plan.size(), 0);
  for (const Native& n : records) {
    const std::size_t room = compact_args_bound(n.bytes.size(), n.types.size()) + kCompactArgsSlack;
    std::vector<std::byte> checked(room), fixed(room);
    std::byte* checked_end =
        encode_compact_planned(plan, n.bytes, checked_prev.data(), checked.data());
    std::byte* fixed_end =
        encode_compact_fixed(plan, n.bytes.data(), fixed_prev.data(), fixed.data());
    REQUIRE(checked_end != nullptr);
    REQUIRE(fixed_end != nullptr);
    CHECK(std::vector<std::byte>(checked.data(), checked_end) ==
          std::vector<std::byte>(fixed.data(), fixed_end));
    CHECK(checked_prev == fixed_prev);
  }
  // A string's width varies: no fixed size, so every record is checked.
  Native with_string;
  with_string.add(1);
  with_string.add(std::string_view("abc"));
  REQUIRE(make_compact_plan(with_string.types, plan));
  CHECK(compact_plan_fixed_bytes(plan) == 0);
}

TEST_CASE("a repeated value or a counter costs a byte or two") {
  Native first, second;
  first.add(std::int32_t{1000000});
  first.add(101.25);
  second.add(std::int32_t{1000001});
  second.add(101.25);
  std::vector<std::uint64_t> prev(2, 0);
  std::byte buf[64];
  encode_compact_args(first.types, first.bytes, prev.data(), buf);
  const std::byte* end = encode_compact_args(second.types, second.bytes, prev.data(), buf);
  CHECK(end - buf == 2);  // delta +1 -> 1 byte, unchanged double -> 1 byte
}

TEST_CASE("an unchanged float or double (the single byte 0x80) decodes, 0 at a chunk start too") {
  // Found by tests/fuzz/arg_decode_fuzz: a 4-byte float's 0x80 was read as 8 leading zero bytes
  // of a 4-byte value and refused, so a float equal to the one before it (or 0.0f as a chunk's
  // first value) made its record undecodable.
  const std::vector<float> floats = {0.0f, 0.0f, 2.5f, 2.5f};
  const std::vector<double> doubles = {0.0, 0.0, -7.25, -7.25};
  std::vector<std::uint64_t> write_prev(2, 0), read_prev(2, 0);
  for (std::size_t r = 0; r < floats.size(); ++r) {
    Native n;
    n.add(floats[r]);
    n.add(doubles[r]);
    std::vector<std::byte> compact(compact_args_bound(n.bytes.size(), 2) + kCompactArgsSlack);
    const std::byte* end = encode_compact_args(n.types, n.bytes, write_prev.data(), compact.data());
    REQUIRE(end != nullptr);
    ByteReader in(compact.data(), end);
    std::vector<std::byte> native;
    INFO("record " << r);
    REQUIRE(decode_compact_args(n.types, in, read_prev.data(), native));
    CHECK(in.empty());
    CHECK(native == n.bytes);
  }
}

TEST_CASE("compact argument decoding rejects malformed input") {
  const std::vector<std::uint8_t> types = {static_cast<std::uint8_t>(ArgType::kBool),
                                           static_cast<std::uint8_t>(ArgType::kF64),
                                           static_cast<std::uint8_t>(ArgType::kString)};
  std::vector<std::uint64_t> prev(3, 0);
  std::vector<std::byte> native;
  const std::byte bad_bool[] = {std::byte{2}};
  ByteReader a(bad_bool, bad_bool + 1);
  CHECK_FALSE(decode_compact_args(types, a, prev.data(), native));
  const std::byte bad_xor[] = {std::byte{1}, std::byte{0x55}};  // 5 + 5 zero bytes > 8
  ByteReader b(bad_xor, bad_xor + 2);
  native.clear();
  CHECK_FALSE(decode_compact_args(types, b, prev.data(), native));
  const std::byte short_string[] = {std::byte{1}, std::byte{0x80}, std::byte{9}, std::byte{'x'}};
  ByteReader c(short_string, short_string + 4);
  native.clear();
  CHECK_FALSE(decode_compact_args(types, c, prev.data(), native));
}

TEST_CASE("the format guard flags huge widths and finds dynamic width arguments") {
  CHECK(check_format("plain {} and {:>10} {:.3f}").plausible);
  CHECK_FALSE(check_format("{:999999999}").plausible);
  CHECK_FALSE(check_format("{:.50000f}").plausible);
  CHECK_FALSE(check_format("{99999}").plausible);
  CHECK(check_format("{{:99999}}").plausible);  // escaped: literal text
  const FormatCheck dynamic = check_format("{} {:>{}} {:.{}f} {:{3}}");
  CHECK(dynamic.plausible);
  CHECK(dynamic.dynamic_args == std::vector<std::uint32_t>{2, 4, 3});
}
