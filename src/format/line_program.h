// A text line compiled for one (call site, thread): everything in it that depends on neither the
// time nor the arguments rendered once into one string, and a short list of steps that write the
// rest in place. For a message of plain "{}" numbers the message's literals join that string, so
// the default pattern's line is five copies and three numbers after the timestamp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "format/float_text.h"
#include "format/format_plan.h"
#include "format/number_text.h"
#include "values/native_integer.h"

namespace ringlog::detail {

struct LineProgram {
  enum class Step : std::uint8_t {
    text,           // text_[at, at + size)
    time,           // date, ' ', clock and its fraction
    date,           // YYYY-MM-DD
    clock,          // HH:MM:SS and its fraction
    message,        // the whole message, formatted with `plan` (the general path)
    fields,         // the context and kv() fields: {fields}
    fields_if_any,  // the same, only when there are some (fields appended after the pattern)
    unsigned_int,   // an argument at byte `at` of the record's arguments, `size` bytes wide
    signed_int,
    float64,
    boolean,
  };
  struct Op {
    Step step;
    std::uint32_t at = 0;
    std::uint32_t size = 0;
  };

  // Bytes a text step may write past its end (whole 16-byte copies): the caller reserves
  // them beyond `bound`, and finish() pads `text` with them.
  static constexpr std::size_t kSlack = 16;

  // Appends a text step, merged into the previous one when that is text too.
  void add_text(std::string_view s);
  void add(Step step, std::uint32_t at = 0, std::uint32_t size = 0);
  // After the last add: pads `text` for copy_text().
  void finish() { text.append(kSlack, '\0'); }

  // The text step `op` at `p` (with kSlack bytes of room past it); returns the end. Copies
  // whole 16-byte blocks: a few moves, no call.
  char* copy_text(char* p, const Op& op) const noexcept {
    const char* const from = text.data() + op.at;
    const std::uint32_t size = op.size;  // a local: the stores below may alias `op`
    for (std::uint32_t i = 0; i < size; i += 16) std::memcpy(p + i, from + i, 16);
    return p + size;
  }

  std::string text;
  std::vector<Op> ops;
  // Bytes the steps write at most, leaving out message and fields (the general path appends
  // those with their own growth). `time_bytes` per time step is the caller's.
  std::size_t bound = 0;
  // The argument bytes the number steps read: a record with fewer takes the general program.
  std::size_t arg_bytes = 0;
};

// Writes the number step `op` (unsigned_int, signed_int, float64 or boolean) of the arguments
// `args` (at least arg_bytes long) at `p` (kMaxNumberText bytes of room): fmt's "{}" text.
// Returns the end.
inline char* write_number(char* p, const LineProgram::Op& op, const std::byte* args) {
  using Step = LineProgram::Step;
  const std::byte* const at = args + op.at;
  switch (op.step) {
    case Step::unsigned_int:
      return write_decimal(p, load_integer(at, op.size, false));
    case Step::signed_int:
      return write_decimal(p, static_cast<std::int64_t>(load_integer(at, op.size, true)));
    case Step::float64: {
      double v;
      std::memcpy(&v, at, sizeof v);
      return write_double_text(p, v);
    }
    case Step::boolean: {
      unsigned char b;  // any byte is a valid bool: damaged input is no undefined behaviour
      std::memcpy(&b, at, 1);
      std::memcpy(p, b != 0 ? "true" : "false", b != 0 ? 4 : 5);
      return p + (b != 0 ? 4 : 5);
    }
    default:
      return p;
  }
}

// Adds the message of `plan` (the format string of a call site whose message arguments' type
// code is `code`) to `program` as literals and number steps, when every field is a plain "{}"
// of a number (integers, bool, double) and no literal needs escaping. Returns false, adding
// nothing, otherwise: the line then takes the general message step.
bool add_number_message(const FormatPlan& plan, std::span<const std::uint8_t> code,
                        LineProgram& program);

}  // namespace ringlog::detail
