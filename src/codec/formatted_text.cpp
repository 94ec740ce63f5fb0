#include "codec/formatted_text.h"

#include <fmt/format.h>

#include <cstring>
#include <exception>

#include "values/value_walk.h"

namespace ringlog::detail {
namespace {

// Where the kFormatted values of one record are, in the record's own bytes.
struct FormattedValues : ValueVisitor {
  struct Value {
    const std::byte* data;
    std::size_t size;
    std::uint8_t index;
  };
  std::vector<Value> found;
  void formatted(std::uint8_t index, std::span<const std::byte> b) {
    found.push_back({b.data(), b.size(), index});
  }
};

}  // namespace

std::vector<std::uint8_t> code_with_text(std::span<const std::uint8_t> code) {
  std::vector<std::size_t> at;
  TypeReader type(code);
  while (type.pos() < code.size()) {
    if (!skip_type(type, 0, &at)) return {};
  }
  if (at.empty()) return {};
  std::vector<std::uint8_t> out;
  std::size_t from = 0;
  for (std::size_t pos : at) {
    out.insert(out.end(), code.begin() + static_cast<std::ptrdiff_t>(from),
               code.begin() + static_cast<std::ptrdiff_t>(pos));
    out.push_back(static_cast<std::uint8_t>(ArgType::kString));
    from = pos + kFormattedCodeSize;
  }
  out.insert(out.end(), code.begin() + static_cast<std::ptrdiff_t>(from), code.end());
  return out;
}

bool args_with_text(std::span<const std::uint8_t> code, std::span<const std::byte> args,
                    const RawFormatter* formatters, std::vector<std::byte>& out) {
  thread_local FormattedValues values;
  values.found.clear();
  TypeReader type(code);
  ValueReader in(args);
  while (type.pos() < code.size()) {
    if (!walk_value(type, in, values)) return false;
  }
  out.clear();
  const std::byte* from = args.data();
  fmt::memory_buffer text;
  for (const auto& v : values.found) {
    out.insert(out.end(), from, v.data);
    text.clear();
    try {
      formatters[v.index](v.data, "{}", fmt::appender(text));
    } catch (const std::exception& e) {
      text.clear();
      fmt::format_to(fmt::appender(text), "<format error: {}>", e.what());
    }
    const auto n = static_cast<StringLength>(text.size());
    const auto* len = reinterpret_cast<const std::byte*>(&n);
    out.insert(out.end(), len, len + sizeof n);
    const auto* chars = reinterpret_cast<const std::byte*>(text.data());
    out.insert(out.end(), chars, chars + text.size());
    from = v.data + v.size;
  }
  out.insert(out.end(), from, args.data() + args.size());
  return true;
}

}  // namespace ringlog::detail
