// Damaged, cut, foreign and forged binary logs: the decoder never crashes, decodes every chunk
// that checks out and says what it skipped. Also runs under ASan/UBSan.
#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "codec/binary_format.h"
#include "codec/crc32c.h"
#include "codec/varint.h"
#include "ringlog/ringlog.h"
#include "support/binary_decode.h"
#include "support/temp_dir.h"

using ringlog::detail::ReadIssueKind;
using ringlog::test::decode_bytes;
using ringlog::test::Decoded;

namespace {

// A small log of many chunks (one per 4 records), two threads, several call sites.
std::string small_log() {
  static const std::string bytes = [] {
    ringlog::test::TempDir dir;
    const auto path = dir.file("small.rlog");
    ringlog::Config config;
    config.batch_size = 4;
    ringlog::start(config, {ringlog::binary_file_sink(path)});
    ringlog::Logger& log = ringlog::get_logger("damage");
    for (int i = 0; i < 24; ++i) {
      RLOG_INFO(log, "order {} qty {} px {:.2f}", 1000 + i, i * 10, 99.5 + i);
      if (i % 6 == 0) RLOG_WARN(log, "venue {} slow: {} us", "XNAS", i * 3);
      if (i == 12) {
        std::thread([&log] { RLOG_ERROR(log, "from another thread {}", 7); }).join();
      }
    }
    ringlog::stop();
    return ringlog::test::read_file(path);
  }();
  return bytes;
}

struct Chunk {
  std::size_t offset, end;
};

// The chunks of an undamaged single-segment log, by walking their headers.
std::vector<Chunk> chunks_of(const std::string& log) {
  std::vector<Chunk> chunks;
  for (std::size_t at = ringlog::detail::kPreambleSize; at < log.size();) {
    std::uint32_t length;
    std::memcpy(&length, log.data() + at + ringlog::detail::kChunkLengthOffset, 4);
    chunks.push_back({at, at + ringlog::detail::kChunkHeaderSize + length});
    at = chunks.back().end;
  }
  return chunks;
}

}  // namespace

TEST_CASE("the small test log decodes cleanly and spans many chunks") {
  const auto d = decode_bytes(small_log());
  CHECK(d.issues.empty());
  CHECK(d.messages.size() == 29);
  CHECK(chunks_of(small_log()).size() >= 8);
}

TEST_CASE("a log cut at any byte yields every complete chunk and reports the cut") {
  const std::string log = small_log();
  const Decoded full = decode_bytes(log);
  const auto chunks = chunks_of(log);
  std::map<std::uint64_t, std::size_t> chunk_end;
  for (const Chunk& c : chunks) chunk_end[c.offset] = c.end;
  for (std::size_t cut = 0; cut < log.size(); ++cut) {
    INFO("cut at " << cut << " of " << log.size());
    const Decoded d = decode_bytes(std::string_view(log).substr(0, cut));
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < full.messages.size(); ++i) {
      if (chunk_end[full.chunk_offsets[i]] <= cut) expected.push_back(full.messages[i]);
    }
    REQUIRE(d.messages == expected);
    REQUIRE(d.has_issue(ReadIssueKind::truncated));
    for (const auto& issue : d.issues) REQUIRE(issue.kind == ReadIssueKind::truncated);
    CHECK_FALSE(d.fatal);
  }
}

TEST_CASE("decoding in pieces of any size gives the same result as in one go") {
  const std::string log = small_log();
  const Decoded whole = decode_bytes(log);
  for (std::size_t piece : {1, 2, 3, 7, 19, 20, 21, 64, 1000}) {
    INFO("piece " << piece);
    const Decoded d = decode_bytes(log, piece);
    CHECK(d.text == whole.text);
    CHECK(d.issues.empty());
  }
}

TEST_CASE("random byte damage never crashes and loses only the damaged chunks") {
  const std::string log = small_log();
  const Decoded full = decode_bytes(log);
  const auto chunks = chunks_of(log);
  const auto chunk_index = [&](std::uint64_t offset) {
    for (std::size_t i = 0; i < chunks.size(); ++i) {
      if (chunks[i].offset == offset) return i;
    }
    FAIL("no chunk at " << offset);
    return std::size_t{0};
  };
  // The chunk holding each call site's definition: the chunk of its first record.
  std::map<std::uint32_t, std::size_t> definition_chunk;
  for (std::size_t i = 0; i < full.messages.size(); ++i) {
    definition_chunk.try_emplace(full.site_ids[i], chunk_index(full.chunk_offsets[i]));
  }
  std::mt19937_64 rng(20240501);
  for (int round = 0; round < 400; ++round) {
    std::string damaged = log;
    std::set<std::size_t> hit;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) {
      const std::size_t at = ringlog::detail::kPreambleSize + rng() % (log.size() - 12);
      damaged[at] = static_cast<char>(damaged[at] ^ static_cast<char>(1 + rng() % 255));
      for (std::size_t c = 0; c < chunks.size(); ++c) {
        if (at >= chunks[c].offset && at < chunks[c].end) hit.insert(c);
      }
    }
    INFO("round " << round);
    const Decoded d = decode_bytes(damaged, 1 + rng() % 300);
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < full.messages.size(); ++i) {
      const std::size_t c = chunk_index(full.chunk_offsets[i]);
      if (!hit.count(c) && !hit.count(definition_chunk[full.site_ids[i]])) {
        expected.push_back(full.messages[i]);
      }
    }
    REQUIRE(d.messages == expected);
    REQUIRE(d.has_issue(ReadIssueKind::corrupt));
  }
}

TEST_CASE("a log whose magic is damaged, or any foreign input, is refused with a clear error") {
  const std::string log = small_log();
  std::string bad_magic = log;
  bad_magic[1] = 'X';
  const std::vector<std::string> inputs = {
      bad_magic,
      "2024-05-01 12:00:00.000000000 INFO  [main] app main.cpp:1 a text log\n",
      std::string("\x7f"
                  "ELF\x02\x01\x01",
                  7) +
          std::string(100, '\0'),
      "x",
  };
  for (const std::string& input : inputs) {
    const Decoded d = decode_bytes(input);
    CHECK(d.fatal);
    CHECK(d.messages.empty());
    REQUIRE(d.issues.size() == 1);
    CHECK(d.issues[0].kind == ReadIssueKind::not_ringlog);
    CHECK(d.issues[0].message.find("not a ringlog binary log") != std::string::npos);
  }
  std::string future = log;
  future[8] = 2;  // format major version 2
  const Decoded d = decode_bytes(future);
  CHECK(d.fatal);
  REQUIRE(d.issues.size() == 1);
  CHECK(d.issues[0].kind == ReadIssueKind::bad_version);
  CHECK(d.issues[0].message.find("format version 2.") != std::string::npos);
  const Decoded empty = decode_bytes("");
  CHECK(empty.has_issue(ReadIssueKind::truncated));
}

TEST_CASE("concatenated logs decode as consecutive segments, a cut one reported") {
  const std::string log = small_log();
  const Decoded one = decode_bytes(log);
  const Decoded two = decode_bytes(log + log);
  CHECK(two.issues.empty());
  CHECK(two.counters.segments == 2);
  CHECK(two.messages.size() == 2 * one.messages.size());
  // A run that crashed (no end marker, last chunk cut) followed by a new run.
  const std::string crashed = log.substr(0, log.size() - 40);
  const Decoded d = decode_bytes(crashed + log);
  CHECK(d.counters.segments == 2);
  CHECK(d.messages.size() > one.messages.size());
  CHECK(d.has_issue(ReadIssueKind::corrupt));  // the cut chunk runs into the next preamble
  CHECK(std::equal(one.messages.begin(), one.messages.end(),
                   d.messages.end() - static_cast<std::ptrdiff_t>(one.messages.size())));
}

namespace {

using namespace ringlog::detail;

void put(std::string& s, const void* p, std::size_t n) {
  s.append(static_cast<const char*>(p), n);
}
void varint(std::string& s, std::uint64_t v) {
  std::byte b[kMaxVarintBytes];
  put(s, b, static_cast<std::size_t>(put_varint(b, v) - b));
}
void str(std::string& s, std::string_view v) {
  varint(s, v.size());
  s += v;
}
void entry(std::string& payload, std::uint64_t head, const std::string& body) {
  varint(payload, head);
  varint(payload, body.size());
  payload += body;
}
void control(std::string& payload, EntryKind kind, const std::string& body) {
  entry(payload, std::uint64_t{static_cast<std::uint8_t>(kind)} << 1 | 1, body);
}
std::string call_site(std::uint32_t id, std::string_view format, std::string_view types) {
  std::string b;
  varint(b, id);
  b += static_cast<char>(ringlog::Level::info);
  varint(b, 7);
  varint(b, types.size());
  b += types;
  str(b, "forged");
  str(b, "forged.cpp");
  str(b, "fn");
  str(b, format);
  return b;
}
std::string record_body(std::uint64_t delta, const std::string& args) {
  std::string b;
  varint(b, delta);
  return b + args;
}
// A chunk payload's start: thread 0 ("t") defined and switched to.
std::string one_thread() {
  std::string payload, thread, to_thread;
  varint(thread, 0);
  varint(thread, 1);
  varint(thread, 99);
  str(thread, "t");
  control(payload, EntryKind::thread, thread);
  varint(to_thread, 0);
  control(payload, EntryKind::thread_switch, to_thread);
  return payload;
}
// A whole file: preamble then one checksummed chunk holding `payload`.
std::string forged_file(const std::string& payload) {
  std::string file(reinterpret_cast<const char*>(kFileMagic.data()), kFileMagic.size());
  const std::uint16_t version[2] = {kFormatMajor, kFormatMinor};
  put(file, version, 4);
  std::string header;
  put(header, &kChunkSync, 4);
  const std::uint32_t seq = 0, length = static_cast<std::uint32_t>(payload.size());
  const std::uint32_t crc = crc32c(payload.data(), payload.size());
  put(header, &seq, 4);
  put(header, &length, 4);
  put(header, &crc, 4);
  const std::uint32_t header_crc = crc32c(header.data(), header.size());
  put(header, &header_crc, 4);
  return file + header + payload;
}

}  // namespace

TEST_CASE("forged entries in a checksummed chunk are reported, never trusted") {
  std::string payload = one_thread();
  const char i32 = static_cast<char>(ArgType::kI32);
  control(payload, EntryKind::call_site, call_site(0, "huge {:999999999}", std::string(1, i32)));
  control(payload, EntryKind::call_site, call_site(1, "dynamic {:{}}", std::string(2, i32)));
  control(payload, EntryKind::call_site, call_site(2, "ok {}", std::string(1, i32)));
  std::string arg;
  varint(arg, zigzag(5));
  entry(payload, 0 << 1, record_body(1, arg));
  std::string dyn;
  varint(dyn, zigzag(1));
  varint(dyn, zigzag(2'000'000'000));
  entry(payload, 1 << 1, record_body(1, dyn));
  entry(payload, 9 << 1, record_body(1, arg));  // call site 9 was never defined
  control(payload, EntryKind{200}, "future");   // unknown kind: skipped
  entry(payload, 2 << 1, record_body(1, arg));
  control(payload, EntryKind::call_site, call_site(3, "bad type {}", "\x63"));
  entry(payload, 2 << 1, record_body(1, std::string("\x80", 1)));  // varint runs off the body
  const Decoded d = decode_bytes(forged_file(payload));
  REQUIRE(d.messages.size() == 3);
  CHECK(d.messages[0].find("<bad record: width or precision over 4096") == 0);
  CHECK(d.messages[1].find("<bad record: width or precision over 4096") == 0);
  CHECK(d.messages[2] == "ok 5");
  CHECK(d.has_issue(ReadIssueKind::unknown_site));
  CHECK(d.has_issue(ReadIssueKind::bad_entry));
  CHECK(d.has_issue(ReadIssueKind::truncated));  // no end marker
}

TEST_CASE("hostile type codes and composite values are refused, the rest decodes") {
  const auto k = [](ArgType t) { return std::string(1, static_cast<char>(t)); };
  std::string payload = one_thread();
  const std::string vector_of_i32 = k(ArgType::kSequence) + '\0' + k(ArgType::kI32);
  std::string too_deep;
  for (int i = 0; i < 40; ++i) too_deep += k(ArgType::kOptional);
  too_deep += k(ArgType::kI32);
  const std::string bad_sites[] = {
      k(ArgType::kStruct) + "\x50Name",  // name runs off the code
      too_deep,                          // nested deeper than 16
      k(ArgType::kSequence) + '\0' + k(ArgType::kFormatted) + std::string(5, '\1'),  // local only
      k(ArgType::kEnum) + "\x01E" + k(ArgType::kF64) + std::string(2, '\0'),  // not an integer
      k(ArgType::kVariant) + '\0',                      // a variant of nothing
      k(ArgType::kSequence) + '\7' + k(ArgType::kI32),  // unknown flavour
      std::string(1, '\x7f'),                           // unknown kind
  };
  // A good site whose records lie about their values, then one hostile site (a bad entry
  // ends its chunk, so each hostile code gets a file of its own).
  control(payload, EntryKind::call_site, call_site(0, "v {}", vector_of_i32));
  const auto composite = [](const std::string& native) {
    std::string a;
    varint(a, native.size());
    return a + native;
  };
  const std::string huge_count("\xff\xff\xff\x0f", 4);  // 268M elements, no bytes
  const std::string two_ints =
      std::string("\x02\0\0\0", 4) + std::string("\x05\0\0\0", 4) + std::string("\x06\0\0\0", 4);
  entry(payload, 0, record_body(1, composite(two_ints)));
  // Each hostile thing after it in a file of its own (a bad entry ends its chunk): values that
  // do not match the code, then call sites with malformed or local-only codes.
  std::vector<std::string> files = {
      payload +
          [&] {
            std::string e;
            entry(e, 0, record_body(1, composite(huge_count)));
            return e;
          }(),
      payload +
          [&] {
            std::string e;
            entry(e, 0, record_body(1, composite(two_ints.substr(0, 8))));
            return e;
          }(),
  };
  for (const std::string& code : bad_sites) {
    std::string file = payload;
    control(file, EntryKind::call_site, call_site(1, "bad {}", code));
    entry(file, 1 << 1, record_body(1, composite("x")));
    files.push_back(file);
  }
  for (const std::string& file : files) {
    const Decoded d = decode_bytes(forged_file(file));
    REQUIRE(d.messages.size() == 1);
    CHECK(d.messages[0] == "v [5, 6]");
    CHECK(d.has_issue(ReadIssueKind::bad_entry));
  }
}

namespace {

// A log of several refresh windows (kDefinitionRefreshBytes) in chunks of up to 256 records
// (the default batch), from two threads and three call sites; every message is unique.
std::string windowed_log() {
  static const std::string bytes = [] {
    ringlog::test::TempDir dir;
    const auto path = dir.file("windows.rlog");
    ringlog::start({}, {ringlog::binary_file_sink(path)});
    ringlog::Logger& log = ringlog::get_logger("windows");
    const auto produce = [&log](int t) {
      for (int i = 0; i < 15000; ++i) {
        RLOG_INFO(log, "Iteration: {} int: {} double: {}", i, t, i * 0.5);
        if (i % 64 == 0) RLOG_WARN(log, "thread {} checkpoint {}", t, i);
        if (i % 1000 == 0) RLOG_ERROR(log, "thread {} rare {} {}", t, i, "event");
      }
    };
    std::thread other(produce, 1);
    produce(0);
    other.join();
    ringlog::stop();
    return ringlog::test::read_file(path);
  }();
  return bytes;
}

}  // namespace

TEST_CASE("one flipped byte in any chunk loses that chunk and at most a refresh window after it") {
  const std::string log = windowed_log();
  const Decoded full = decode_bytes(log);
  REQUIRE(full.issues.empty());
  const auto chunks = chunks_of(log);
  std::size_t largest = 0;
  for (const Chunk& c : chunks) largest = std::max(largest, c.end - c.offset);
  REQUIRE(log.size() > 3 * ringlog::detail::kDefinitionRefreshBytes);
  std::map<std::string, std::uint64_t> chunk_of_message;
  std::map<std::uint64_t, std::size_t> records_in_chunk;
  for (std::size_t i = 0; i < full.messages.size(); ++i) {
    REQUIRE(chunk_of_message.emplace(full.messages[i], full.chunk_offsets[i]).second);
    ++records_in_chunk[full.chunk_offsets[i]];
  }
  std::size_t worst = 0, near_start_recovered = full.messages.size();
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    // One byte of the payload (or of the header, for a chunk without payload) flipped.
    const std::size_t at = std::min(chunks[c].offset + ringlog::detail::kChunkHeaderSize +
                                        (chunks[c].end - chunks[c].offset) / 3,
                                    chunks[c].end - 1);
    std::string damaged = log;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x10);
    INFO("chunk " << c << " of " << chunks.size() << ", byte " << at);
    const Decoded d = decode_bytes(damaged);
    REQUIRE(d.has_issue(ReadIssueKind::corrupt));
    // Every record decoded is one of the file's, from the chunk it was written in.
    const auto misplaced = [&] {
      for (std::size_t i = 0; i < d.messages.size(); ++i) {
        const auto it = chunk_of_message.find(d.messages[i]);
        if (it == chunk_of_message.end() || it->second != d.chunk_offsets[i]) return d.messages[i];
      }
      return std::string();
    };
    REQUIRE(misplaced() == "");
    // The window: the damaged chunk and the chunks that start before the next refresh, which
    // comes at most kDefinitionRefreshBytes plus one chunk after the damaged one.
    const std::uint64_t window_end =
        chunks[c].offset + ringlog::detail::kDefinitionRefreshBytes + largest;
    std::size_t may_lose = 0;
    for (const auto& [offset, n] : records_in_chunk) {
      if (offset >= chunks[c].offset && offset < window_end) may_lose += n;
    }
    const std::size_t lost = full.messages.size() - d.messages.size();
    REQUIRE(lost <= may_lose);
    worst = std::max(worst, lost);
    if (c < 3) near_start_recovered = std::min(near_start_recovered, d.messages.size());
  }
  // For the report: records recovered after a flip in one of the first chunks, worst loss.
  WARN("worst loss " << worst << " of " << full.messages.size() << " records; after a flip in "
                     << "one of the first 3 chunks at least " << near_start_recovered
                     << " recovered");
}

TEST_CASE("a chunk repeated anywhere later in its segment is skipped, counted and reported") {
  const std::string log = small_log();
  const Decoded full = decode_bytes(log);
  const auto chunks = chunks_of(log);
  for (std::size_t c = 0; c < chunks.size(); ++c) {
    for (std::size_t after : {c, chunks.size() - 1}) {
      if (after < c) continue;
      INFO("chunk " << c << " repeated after chunk " << after);
      std::string repeated = log;
      repeated.insert(chunks[after].end,
                      log.substr(chunks[c].offset, chunks[c].end - chunks[c].offset));
      const Decoded d = decode_bytes(repeated);
      CHECK(d.messages == full.messages);
      CHECK(d.counters.duplicate_chunks == 1);
      CHECK(d.has_issue(ReadIssueKind::duplicate_chunk));
      CHECK_FALSE(d.has_issue(ReadIssueKind::missing_chunks));
    }
  }
}
