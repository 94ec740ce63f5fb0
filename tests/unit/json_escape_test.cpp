// The JSON string escaper, checked against Python's json module (a real, strict JSON parser)
// and Python's UTF-8 decoder with errors="replace", which follows the same U+FFFD rules.
#include <catch2/catch.hpp>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "format/json_escape.h"
#include "support/run_command.h"
#include "support/temp_dir.h"

using ringlog::detail::json_quote;

namespace {

std::string hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 0xF]);
  }
  return out;
}

// Writes "hex<TAB>json" lines; the script checks that each JSON literal parses (strictly) to the
// hex bytes decoded as UTF-8 with replacement, and prints how many lines it checked.
ringlog::test::CommandResult check_with_python(const std::vector<std::string>& inputs) {
  const ringlog::test::TempDir dir;
  const std::string path = dir.file("cases.txt");
  const std::string script_path = dir.file("check.py");
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    for (const auto& s : inputs) file << hex(s) << '\t' << json_quote(s) << '\n';
  }
  const std::string script =
      "import json, sys\n"
      "n = 0\n"
      "for line in open(sys.argv[1], 'rb'):\n"
      "    h, lit = line.rstrip(b'\\n').split(b'\\t', 1)\n"
      "    got = json.loads(lit.decode('utf-8'), strict=True)\n"
      "    want = bytes.fromhex(h.decode()).decode('utf-8', 'replace')\n"
      "    if got != want:\n"
      "        print('MISMATCH', h.decode(), ascii(got), ascii(want)); sys.exit(1)\n"
      "    n += 1\n"
      "print(n)\n";
  {
    std::ofstream file(script_path, std::ios::trunc);
    file << script;
  }
  return ringlog::test::run_command("python3 " + script_path + " " + path);
}

}  // namespace

TEST_CASE("json_quote escapes quotes, backslashes and control characters") {
  CHECK(json_quote("plain") == "\"plain\"");
  CHECK(json_quote("say \"hi\"") == R"("say \"hi\"")");
  CHECK(json_quote("C:\\path") == R"("C:\\path")");
  CHECK(json_quote("a\nb\tc\r") == R"("a\nb\tc\r")");
  CHECK(json_quote(std::string_view("\0\x01\x1f\x7f", 4)) == R"("\u0000\u0001\u001f\u007f")");
  CHECK(json_quote("") == "\"\"");
}

TEST_CASE("json_quote keeps valid UTF-8 and replaces each bad subpart with one U+FFFD") {
  CHECK(json_quote("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") ==
        "\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"");
  const std::string fffd = "\xEF\xBF\xBD";
  CHECK(json_quote("\x80") == "\"" + fffd + "\"");                        // stray continuation
  CHECK(json_quote("\xC0\xAF") == "\"" + fffd + fffd + "\"");             // overlong '/'
  CHECK(json_quote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // surrogate
  CHECK(json_quote("\xE2\x82") == "\"" + fffd + "\"");                    // truncated at the end
  CHECK(json_quote("\xE2\x82x") == "\"" + fffd + "x\"");                  // truncated in the middle
  CHECK(json_quote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // > 10FFFF
}

TEST_CASE("json_quote output parses as the input decoded with replacement, for hostile bytes") {
  std::vector<std::string> inputs = {
      "",
      "\"",
      "\\",
      "\\\"",
      "\"\\\"",
      std::string(1, '\0'),
      "\x7f",
      "\xff\xfe",
      "\xC3",
      "\xF0\x9F\x98",
      "\xE0\x80\x80",
      "\xF8\x88\x80\x80\x80",
      "end\\",
      "\b\f\n\r\t\x0b",
      "</script>\u2028\u2029",
  };
  std::mt19937 rng(12345);
  // Random bytes biased towards the interesting ones: ASCII specials and UTF-8 lead/continuation.
  const std::string alphabet = std::string("\"\\\n\x01 aZ\x7f", 8) +
                               "\x80\xBF\xC2\xC3\xDF\xE0\xED\xEF\xF0\xF4\xF5\xFF\xA0\x9F\x90\x8F";
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    const int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) s.push_back(alphabet[rng() % alphabet.size()]);
    inputs.push_back(s);
  }
  const auto result = check_with_python(inputs);
  INFO(result.output);
  REQUIRE(result.exit_code == 0);
  CHECK(result.output == std::to_string(inputs.size()) + "\n");
}
