#include "context/received_context.h"

#include <algorithm>
#include <cstring>

#include "context/context_codec.h"
#include "ringlog/detail/arg_codec.h"

namespace ringlog::detail {

bool ReceivedContext::assign(std::span<const std::byte> entries) noexcept {
  const bool fits = entries.size() <= bytes_.size();
  const std::size_t n = std::min(entries.size(), bytes_.size());
  std::copy_n(entries.begin(), n, bytes_.begin());
  bool complete;
  count_ = resolve_context({bytes_.data(), n}, fields_, complete);
  return fits && complete;
}

bool ReceivedContext::assign_record(std::span<const std::byte> args) noexcept {
  StringLength len;
  if (args.size() < sizeof len) return assign({});
  std::memcpy(&len, args.data(), sizeof len);
  if (args.size() - sizeof len < len) {
    assign(args.subspan(sizeof len));
    return false;
  }
  return assign(args.subspan(sizeof len, len));
}

}  // namespace ringlog::detail
