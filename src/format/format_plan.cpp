#include "format/format_plan.h"

#include "format/field_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>

namespace ringlog::detail {

FormatPlan plan_format(std::string_view f) {
  FormatPlan plan;
  FormatPlan::Piece piece;
  int next_auto = 0;
  bool manual = false;
  for (std::size_t i = 0; i < f.size(); ++i) {
    const char c = f[i];
    if ((c == '{' || c == '}') && i + 1 < f.size() && f[i + 1] == c) {
      piece.literal.push_back(c);
      ++i;
      continue;
    }
    if (c == '}') {  // a lone '}' is an error fmt will name
      plan.use_fmt = true;
      return plan;
    }
    if (c != '{') {
      piece.literal.push_back(c);
      continue;
    }
    const std::size_t close = f.find('}', i + 1);
    const std::size_t nested = f.find('{', i + 1);
    if (close == std::string_view::npos || nested < close) {
      plan.use_fmt = true;
      return plan;
    }
    const std::string_view body = f.substr(i + 1, close - i - 1);
    const std::size_t colon = body.find(':');
    const std::string_view id = body.substr(0, colon);
    int index;
    if (id.empty()) {
      index = next_auto++;
    } else {
      index = 0;
      for (const char d : id) {
        if (d < '0' || d > '9' || index > 1'000'000) {  // a named field, or nonsense
          plan.use_fmt = true;
          return plan;
        }
        index = index * 10 + (d - '0');
      }
      manual = true;
    }
    piece.arg = index;
    if (colon != std::string_view::npos) {
      // fmt::format, not string appends: GCC 12 -O3 sees a false -Wrestrict in those.
      piece.field = fmt::format("{{{}}}", body.substr(colon));
    }
    plan.max_arg = std::max(plan.max_arg, static_cast<std::size_t>(index) + 1);
    plan.pieces.push_back(std::move(piece));
    piece = {};
    i = close;
  }
  // fmt forbids mixing automatic and manual indexing; let it say so.
  if (manual && next_auto > 0) plan.use_fmt = true;
  if (!piece.literal.empty()) plan.pieces.push_back(std::move(piece));
  for (const FormatPlan::Piece& p : plan.pieces) {
    plan.fields += p.arg >= 0 ? 1 : 0;
    plan.literal_bytes += p.literal.size();
    plan.clean_literals = plan.clean_literals && !has_control_bytes(p.literal);
  }
  return plan;
}

constexpr std::size_t kMaxCachedPlans = 8192;

const FormatPlan& cached_plan(std::string_view format) {
  struct Entry {
    std::string text;  // compared on every hit, so a reused address can never get a stale plan
    FormatPlan plan;
  };
  thread_local std::unordered_map<const char*, Entry> cache;
  auto it = cache.find(format.data());
  if (it == cache.end() || it->second.text != format) {
    // Keyed by address: a decoder that redefines call sites (new segments, --follow across
    // rotations) brings new addresses. Bounded, so that never grows without limit.
    if (cache.size() >= kMaxCachedPlans) cache.clear();
    it = cache.insert_or_assign(format.data(), Entry{std::string(format), plan_format(format)})
             .first;
  }
  return it->second.plan;
}

}  // namespace ringlog::detail
