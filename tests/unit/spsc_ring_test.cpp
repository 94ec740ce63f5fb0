#include "ringlog/detail/spsc_ring.h"

#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <thread>
#include <vector>

using ringlog::detail::align_record;
using ringlog::detail::ConsumerBell;
using ringlog::detail::SpscRing;

namespace {

// A test record: u32 size, u32 sequence number, then `size - 8` bytes of a pattern.
void write_test_record(std::byte* p, std::uint32_t size, std::uint32_t seq) {
  std::memcpy(p, &size, 4);
  std::memcpy(p + 4, &seq, 4);
  for (std::uint32_t i = 8; i < size; ++i) p[i] = static_cast<std::byte>((seq + i) & 0xFF);
}

bool check_test_record(const std::byte* p, std::uint32_t expected_seq, std::uint32_t& size) {
  std::uint32_t seq;
  std::memcpy(&size, p, 4);
  std::memcpy(&seq, p + 4, 4);
  if (seq != expected_seq) return false;
  for (std::uint32_t i = 8; i < size; ++i) {
    if (p[i] != static_cast<std::byte>((seq + i) & 0xFF)) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("ring wraps records of varying size that straddle the end") {
  SpscRing ring(4096);
  std::mt19937 rng(42);
  std::uint32_t next_write = 0, next_read = 0;
  for (int round = 0; round < 20000; ++round) {
    // Write a few, read a few, so the positions drift through every offset.
    const int writes = static_cast<int>(rng() % 4);
    for (int i = 0; i < writes; ++i) {
      const auto size = static_cast<std::uint32_t>(8 + rng() % 600);
      const std::size_t bytes = align_record(size);
      std::byte* p = ring.reserve(bytes);
      if (p == nullptr) break;
      write_test_record(p, size, next_write++);
      ring.commit(bytes);
    }
    const int reads = static_cast<int>(rng() % 4);
    for (int i = 0; i < reads; ++i) {
      auto r = ring.peek();
      if (r.size == 0) break;
      std::uint32_t size = 0;
      REQUIRE(check_test_record(r.data, next_read, size));
      ring.release(align_record(size));
      ++next_read;
    }
  }
  CHECK(next_read > 10000);  // ~15 laps of the ring: every offset wrapped many times
  CHECK(next_write - next_read < 64);
}

TEST_CASE("ring refuses a record when full and accepts it once space is released") {
  SpscRing ring(4096);
  std::uint32_t seq = 0;
  while (std::byte* p = ring.reserve(512)) {
    write_test_record(p, 512, seq++);
    ring.commit(512);
  }
  CHECK(seq == 8);
  CHECK(ring.reserve(8) == nullptr);
  auto r = ring.peek();
  REQUIRE(r.size == 4096);
  ring.release(512);
  CHECK(ring.reserve(512) != nullptr);
}

TEST_CASE("ring's one-compare reservation stops at the buffer's end; reserve() wraps there") {
  SpscRing ring(4096);
  SpscRing::Reserved r;
  for (std::uint32_t seq = 0; seq < 500; ++seq) {  // 4000 of the 4096 bytes
    // The fast path stops every half ring for a look at the consumer; reserve() goes on.
    if (ring.try_reserve(8, r)) {
      write_test_record(r.data, 8, seq);
      ring.publish(r.end);
    } else {
      std::byte* p = ring.reserve(8);
      REQUIRE(p != nullptr);
      write_test_record(p, 8, seq);
      ring.commit(8);
    }
  }
  // 96 bytes left before the end: a 128-byte record must not straddle it.
  CHECK_FALSE(ring.try_reserve(128, r));
  const std::byte* start = ring.peek().data;
  for (std::uint32_t seq = 0; seq < 500; ++seq) {
    auto rd = ring.peek();
    std::uint32_t size = 0;
    REQUIRE(check_test_record(rd.data, seq, size));
    ring.release(align_record(size));
  }
  std::byte* p = ring.reserve(128);
  CHECK(p == start);  // the tail became padding and the record starts the next lap
  write_test_record(p, 128, 500);
  ring.commit(128);
  auto rd = ring.peek();
  REQUIRE(rd.size == 128);
  std::uint32_t size = 0;
  CHECK(check_test_record(rd.data, 500, size));
  // The next lap is free again for the fast path.
  CHECK(ring.try_reserve(8, r));
}

TEST_CASE("a producer rings the consumer's bell when it finds its ring half full") {
  SpscRing ring(4096);
  ConsumerBell bell;
  ring.set_consumer_bell(&bell);
  const std::uint32_t before = bell.count();
  auto produce = [&ring](std::uint32_t seq) {
    std::byte* p = ring.reserve(64);
    if (p == nullptr) return false;
    write_test_record(p, 64, seq);
    ring.commit(64);
    return true;
  };
  std::uint32_t seq = 0;
  for (; seq < 32; ++seq) REQUIRE(produce(seq));  // exactly half: no ring yet
  CHECK(bell.count() == before);
  REQUIRE(produce(seq++));  // past half, with the consumer still at 0
  CHECK(bell.count() == before + 1);
  // Past half full the producer looks again only where the free space ends: not per record.
  for (; seq < 64; ++seq) REQUIRE(produce(seq));
  CHECK(bell.count() == before + 1);
  CHECK_FALSE(produce(seq));  // full: that look rings again
  CHECK(bell.count() == before + 2);
  // A consumer that keeps up is never rung, lap after lap.
  REQUIRE(ring.peek().size == 4096);
  ring.release(4096);
  for (std::uint32_t i = 0; i < 10 * 64; ++i) {
    REQUIRE(produce(seq));
    std::uint32_t size = 0;
    REQUIRE(check_test_record(ring.peek().data, seq++, size));
    ring.release(64);
  }
  CHECK(bell.count() == before + 2);
}

TEST_CASE("a held producer is refused by the fast path as well until it resumes") {
  SpscRing ring(4096);
  SpscRing::Reserved r;
  ring.hold_producer();
  CHECK_FALSE(ring.try_reserve(8, r));
  CHECK(ring.reserve(8) == nullptr);
  ring.resume_producer();
  std::byte* p = ring.reserve(8);
  REQUIRE(p != nullptr);
  write_test_record(p, 8, 0);
  ring.commit(8);
  CHECK(ring.try_reserve(8, r));
  CHECK(ring.peek().size == 8);
}

TEST_CASE("ring delivers every record in order between two threads") {
  SpscRing ring(1 << 14);
  constexpr std::uint32_t kRecords = 200000;
  std::thread producer([&] {
    std::mt19937 rng(7);
    for (std::uint32_t seq = 0; seq < kRecords; ++seq) {
      const auto size = static_cast<std::uint32_t>(8 + rng() % 300);
      const std::size_t bytes = align_record(size);
      std::byte* p;
      while ((p = ring.reserve(bytes)) == nullptr) std::this_thread::yield();
      write_test_record(p, size, seq);
      ring.commit(bytes);
    }
  });
  std::uint32_t expected = 0;
  bool all_good = true;
  while (expected < kRecords) {
    auto r = ring.peek();
    if (r.size == 0) {
      std::this_thread::yield();
      continue;
    }
    std::uint32_t size = 0;
    all_good = all_good && check_test_record(r.data, expected, size);
    ring.release(align_record(size));
    ++expected;
  }
  producer.join();
  CHECK(all_good);
  CHECK(ring.empty_for_consumer());
}
