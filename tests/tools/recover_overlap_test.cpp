// ringlog-cat --recover --append: which recovered records the file already ends with (a sink
// wrote them before the kill, the ring still held them). Those are skipped; nothing else is.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "cat/binary_overlap.h"
#include "cat/torn_tail.h"

namespace {

using ringlog::cat::already_written;
using ringlog::cat::FileTail;

// Records "r<i>\n" for i in [first, last), laid out one after another, and where each ends.
struct Rendered {
  std::string bytes;
  std::vector<std::size_t> ends;
};
Rendered records(int first, int last) {
  Rendered r;
  for (int i = first; i < last; ++i) {
    r.bytes += 'r';
    r.bytes += std::to_string(i);
    r.bytes += '\n';
    r.ends.push_back(r.bytes.size());
  }
  return r;
}

std::size_t overlap(const std::string& file, const Rendered& r, std::uint64_t offset = 0) {
  return already_written(FileTail{file, offset}, r.bytes, r.ends);
}

}  // namespace

TEST_CASE("text: the recovered records the file ends with are counted") {
  const Rendered r = records(5, 10);
  CHECK(overlap("r3\nr4\n", r) == 0);                  // nothing of them written
  CHECK(overlap("r3\nr4\nr5\nr6\n", r) == 2);          // a prefix written
  CHECK(overlap("r4\nr5\nr6\nr7\nr8\nr9\n", r) == 5);  // all of them written
  CHECK(overlap("r5\nr6\nr7\nr8\nr9\n", r) == 5);      // the file is just them
  CHECK(overlap("r4\nr5\nr6\nr", r) == 2);             // a cut last line is not a record
  CHECK(overlap("r4\nr5\nr6\nr7", r) == 2);            // not even when it looks whole
  CHECK(overlap("r5\nr6\nr5\nr6\nr7\n", r) == 3);      // the longest run at the end wins
}

TEST_CASE("text: a run must start at a line's start and end at a record's end") {
  const Rendered r = records(5, 10);
  CHECK(overlap("xr5\nr6\n", r) == 0);  // "xr5" is not record r5
  // A record of two lines: its first line alone at the file's end is not the record.
  const Rendered two_lines{"a\nb\n", {4}};
  CHECK(overlap("x\na\n", two_lines) == 0);
  CHECK(overlap("x\na\nb\n", two_lines) == 1);
  // The tail read starts mid-file: its first line may be the end of a longer one ("xr5").
  CHECK(overlap("r5\nr6\n", r, 100) == 0);
  CHECK(overlap("xr5\nr5\nr6\n", r, 100) == 2);
}

TEST_CASE("binary: the file's last records equal to the first recovered ones are counted") {
  const std::vector<std::string> recovered = {"a", "b", "c"};
  CHECK(already_written(std::vector<std::string>{"x", "y"}, recovered) == 0);
  CHECK(already_written(std::vector<std::string>{"x", "a"}, recovered) == 1);
  CHECK(already_written(std::vector<std::string>{"x", "a", "b", "c"}, recovered) == 3);
  CHECK(already_written(std::vector<std::string>{"a", "b", "a"}, recovered) == 1);
  CHECK(already_written(std::vector<std::string>{}, recovered) == 0);
  CHECK(already_written(std::vector<std::string>{"a"}, std::vector<std::string>{}) == 0);
}
