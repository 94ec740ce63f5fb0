#include "format/line_program.h"

#include <optional>

#include "format/number_text.h"
#include "ringlog/detail/arg_kinds.h"

namespace ringlog::detail {
namespace {

// The step that writes a "{}" of `kind` as fmt does, for the kinds whose text is a number or
// true/false (never a byte the text layout escapes). char, strings, pointers, float and long
// double are left to the general path.
std::optional<LineProgram::Step> number_step(ArgType kind) noexcept {
  using Step = LineProgram::Step;
  switch (kind) {
    case ArgType::kBool:
      return Step::boolean;
    case ArgType::kI8:
    case ArgType::kI16:
    case ArgType::kI32:
    case ArgType::kI64:
      return Step::signed_int;
    case ArgType::kU8:
    case ArgType::kU16:
    case ArgType::kU32:
    case ArgType::kU64:
      return Step::unsigned_int;
    case ArgType::kF64:
      return Step::float64;
    default:
      return std::nullopt;
  }
}

}  // namespace

void LineProgram::add_text(std::string_view s) {
  if (s.empty()) return;
  const auto at = static_cast<std::uint32_t>(text.size());
  text.append(s);
  bound += s.size();
  if (!ops.empty() && ops.back().step == Step::text && ops.back().at + ops.back().size == at) {
    ops.back().size += static_cast<std::uint32_t>(s.size());
    return;
  }
  ops.push_back({Step::text, at, static_cast<std::uint32_t>(s.size())});
}

void LineProgram::add(Step step, std::uint32_t at, std::uint32_t size) {
  ops.push_back({step, at, size});
  switch (step) {
    case Step::time:  // "YYYY-MM-DD HH:MM:SS" and ".nnnnnnnnn"
      bound += 19 + 10;
      break;
    case Step::date:
      bound += 10;
      break;
    case Step::clock:
      bound += 8 + 10;
      break;
    case Step::unsigned_int:
    case Step::signed_int:
    case Step::float64:
    case Step::boolean:
      bound += kMaxNumberText;
      break;
    default:
      break;  // text counts itself; message and fields grow the buffer as they go
  }
}

bool add_number_message(const FormatPlan& plan, std::span<const std::uint8_t> code,
                        LineProgram& program) {
  if (plan.use_fmt || !plan.clean_literals) return false;
  struct Arg {
    LineProgram::Step step;
    std::uint32_t at, size;
  };
  std::vector<Arg> args;
  std::uint32_t at = 0;
  for (const std::uint8_t byte : code) {  // a scalar's type code is its one kind byte
    const auto kind = static_cast<ArgType>(byte);
    const std::optional<LineProgram::Step> step = number_step(kind);
    if (!step) return false;
    const auto size = static_cast<std::uint32_t>(fixed_arg_size(kind));
    args.push_back({*step, at, size});
    at += size;
  }
  if (plan.max_arg > args.size()) return false;  // the general path reports the missing one
  for (const FormatPlan::Piece& p : plan.pieces) {
    if (p.arg >= 0 && !p.field.empty()) return false;  // a spec: fmt formats that field
  }
  for (const FormatPlan::Piece& p : plan.pieces) {
    program.add_text(p.literal);
    if (p.arg < 0) continue;
    const Arg& a = args[static_cast<std::size_t>(p.arg)];
    program.add(a.step, a.at, a.size);
  }
  program.arg_bytes = at;
  return true;
}

}  // namespace ringlog::detail
