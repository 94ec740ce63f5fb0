#include "cat/json_output.h"

#include "format/json_escape.h"
#include "format/message.h"
#include "format/value_json.h"

namespace ringlog::cat {
namespace {

void append(fmt::memory_buffer& out, std::string_view s) {
  out.append(s.data(), s.data() + s.size());
}

}  // namespace

void JsonRecords::append(const LogEvent& e, fmt::memory_buffer& out) {
  const std::size_t start = out.size();
  layout_.format(e, out);
  // The layout's object ends in "}\n": reopen it for "args".
  if (out.size() - start < 2 || out[out.size() - 2] != '}') return;
  out.resize(out.size() - 2);
  const CallSite& site = e.site();
  cat::append(out, ",\"args\":[");
  bool first = true;
  detail::for_each_arg(
      site.message_code(), e.args(),
      [&](detail::ArgType, std::span<const std::uint8_t> code, std::span<const std::byte> b) {
        if (!first) out.push_back(',');
        first = false;
        detail::append_json_value(out, code, b);
      });
  cat::append(out, "]}\n");
}

}  // namespace ringlog::cat
