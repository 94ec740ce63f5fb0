// Context scopes, snapshots and exchange: edit the thread's context buffer, then send the whole
// buffer through the thread's ring so the backend attaches it to the records that follow.
#include <array>
#include <cstring>

#include "context/context_codec.h"
#include "context/thread_context.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/detail/record.h"
#include "ringlog/detail/thread_ring.h"

namespace ringlog::detail {
namespace {

// constinit: a fixed-size buffer with no initialisation guard and no allocation.
constinit thread_local ContextSnapshot t_context;

// Sends the thread's context as a kControlContext record, ordered with its log records by the
// ring. A record lost to the drop policy only affects records until the next change.
void publish() noexcept {
  ThreadRing* tr = t_ring;
  if (tr == nullptr) [[unlikely]]
    tr = create_thread_ring();
  const auto entries = ContextAccess::entries(t_context);
  const std::string_view payload(reinterpret_cast<const char*>(entries.data()), entries.size());
  const std::size_t size = record_size(payload);
  const std::size_t bytes = align_record(size);
  std::byte* p = tr->ring.reserve(bytes);
  if (p == nullptr) [[unlikely]]
    p = reserve_slow(*tr, bytes);
  if (p == nullptr) return;
  write_record(p, size, kControlContext, read_ticks(), payload);
  tr->ring.commit(bytes);
}

}  // namespace

std::span<const Field> current_context_fields() noexcept {
  thread_local std::array<Field, kContextMaxFields> fields;
  bool complete;
  const std::size_t n = resolve_context(ContextAccess::entries(t_context), fields, complete);
  return {fields.data(), n};
}

}  // namespace ringlog::detail

namespace ringlog {

using detail::ContextAccess;
using detail::t_context;

Context::Context(std::initializer_list<ContextField> fields) noexcept
    : mark_size_(ContextAccess::size(t_context)), mark_count_(ContextAccess::count(t_context)) {
  for (const ContextField& f : fields) ContextAccess::append(t_context, mark_size_, f.key, f.value);
  if (ContextAccess::size(t_context) != mark_size_) detail::publish();
}

Context::Context(const ContextSnapshot& snapshot) noexcept
    : mark_size_(ContextAccess::size(t_context)), mark_count_(ContextAccess::count(t_context)) {
  // Entry by entry, so the limits apply as for fields given directly.
  const auto entries = ContextAccess::entries(snapshot);
  std::size_t pos = 0;
  detail::ContextEntry e;
  while (pos < entries.size() && detail::decode_context_entry(entries.subspan(pos), e)) {
    ContextAccess::append(t_context, mark_size_, e.key, e.value);
    pos += e.size;
  }
  if (ContextAccess::size(t_context) != mark_size_) detail::publish();
}

Context::~Context() {
  // A scope ended out of order (its context already cut below it) leaves things as they are.
  if (ContextAccess::size(t_context) < mark_size_ ||
      ContextAccess::count(t_context) < mark_count_) {
    return;
  }
  if (ContextAccess::size(t_context) == mark_size_) return;  // the scope added nothing
  ContextAccess::truncate(t_context, mark_size_, mark_count_);
  detail::publish();
}

ContextSnapshot capture_context() noexcept {
  return t_context;
}

ContextSnapshot exchange_context(const ContextSnapshot& next) noexcept {
  const ContextSnapshot previous = t_context;
  t_context = next;
  // Resuming a task on a thread that already holds its context needs no record.
  const auto a = ContextAccess::entries(previous), b = ContextAccess::entries(next);
  if (a.size() != b.size() || std::memcmp(a.data(), b.data(), a.size()) != 0) detail::publish();
  return previous;
}

}  // namespace ringlog
