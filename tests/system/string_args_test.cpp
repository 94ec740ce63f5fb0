// String arguments of every length class the hot path copies differently (short_copy.h: 0, 1-3,
// 4-7, 8-15, 16-32, 33-64, longer) come out of the backend byte for byte, through every string
// kind a call accepts (5000: a record over kRecordAlwaysFits, which takes the slow path whole);
// one just fitting the largest record is whole, one a byte over is cut.
#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ringlog/ringlog.h"
#include "support/capture_sink.h"

using ringlog::test::ScopedCapture;

namespace {

// Distinct bytes at every position (no run of one byte hides a copy at the wrong offset),
// printable so the message compares as text.
std::string pattern(std::size_t n) {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>('!' + (i * 7) % 90);
  return s;
}

const std::vector<std::size_t> kLengths = {0,  1,  2,  3,  4,  7,  8,  15,  16,  17,   31,
                                           32, 33, 40, 48, 63, 64, 65, 100, 255, 1000, 5000};

}  // namespace

TEST_CASE("strings of every copy length arrive byte-identical, as every string kind") {
  ScopedCapture capture;
  ringlog::Logger& log = ringlog::get_logger("strings");
  std::vector<std::string> expected;
  for (std::size_t n : kLengths) {
    const std::string s = pattern(n);
    const std::string_view view = s;
    const char* c_str = s.c_str();
    RLOG_INFO(log, "<{}>", s);
    RLOG_INFO(log, "<{}>", view);
    RLOG_INFO(log, "<{}>", c_str);
    // Two strings in one record: the second starts where the first's copy ended.
    RLOG_INFO(log, "<{}|{}>", view, s);
    for (int k = 0; k < 3; ++k) expected.push_back("<" + s + ">");
    expected.push_back("<" + s + "|" + s + ">");
  }
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == expected.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    INFO("record " << i);
    CHECK(records[i].message == expected[i]);
  }
}

TEST_CASE("a string filling the largest record is whole; one byte more is cut with the marker") {
  ringlog::Config config;
  config.queue_bytes = 4096;  // the largest record: 2048 bytes, header and length included
  ScopedCapture capture(config);
  ringlog::Logger& log = ringlog::get_logger("strings_max");
  constexpr std::size_t kFits = 2048 - 16 - 4;  // record header, string length
  const std::string fits = pattern(kFits);
  const std::string over = pattern(kFits + 1);
  // A new thread, so its ring is created with this config's 4 KiB.
  std::thread([&] {
    RLOG_INFO(log, "{}", fits);
    RLOG_INFO(log, "{}", over);
  }).join();
  ringlog::flush();
  const auto records = capture.sink().records();
  REQUIRE(records.size() == 2);
  CHECK(records[0].message == fits);
  const std::string& cut = records[1].message;
  const std::string_view marker = "...[truncated]";
  REQUIRE(cut.size() > marker.size());
  CHECK(cut.ends_with(marker));
  CHECK(cut.size() < over.size());
  const std::string kept = cut.substr(0, cut.size() - marker.size());
  CHECK(over.compare(0, kept.size(), kept) == 0);
}
