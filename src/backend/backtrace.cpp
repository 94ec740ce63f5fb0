#include "backend/backtrace.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <variant>

#include "ringlog/detail/record.h"

namespace ringlog::detail {
namespace {

// The field every dumped record carries first, before its thread's context: marks it in every
// layout (text: "backtrace=true", JSON: "context":{"backtrace":true,...}).
const Field kBacktraceMark{"backtrace", FieldValue{true}};

}  // namespace

std::vector<Backtraces::Ring>& Backtraces::process_rings() {
  static auto* const rings = new std::vector<Ring>;  // leaked, like the loggers it refers to
  return *rings;
}

void Backtraces::deliver(const LogEvent& event) {
  const Logger* logger = event.site().logger;
  Ring* ring = logger != nullptr ? ring_of(logger->id()) : nullptr;
  if (ring == nullptr) [[likely]] {
    dispatch_.deliver(event);
    return;
  }
  // The level as it is now: a record logged before a set_level() and taken after follows it.
  if (event.level() < logger->level()) {
    keep(*ring, event);
    return;
  }
  if (event.level() >= ring->trigger && ring->count != 0) write_out(*ring, event.thread());
  dispatch_.deliver(event);
}

void Backtraces::handle_control(std::uint32_t tag, const std::byte* args,
                                const ThreadInfo& thread) {
  if (tag != kControlDumpBacktrace && tag != kControlBacktrace) return;
  // Layouts as Logger::send_backtrace_switch() and dump_backtrace() write them (record.h).
  std::uintptr_t address = 0;
  std::memcpy(&address, args, sizeof address);
  const auto& logger = *reinterpret_cast<const Logger*>(address);
  if (tag == kControlDumpBacktrace) {
    dump(logger, thread);
  } else {
    std::uint64_t capacity = 0;
    std::uint8_t trigger = 0;
    std::memcpy(&capacity, args + sizeof address, sizeof capacity);
    std::memcpy(&trigger, args + sizeof address + sizeof capacity, sizeof trigger);
    configure(logger, capacity, static_cast<Level>(trigger));
  }
}

void Backtraces::configure(const Logger& logger, std::size_t capacity, Level trigger) {
  if (rings_.size() <= logger.id()) {
    if (capacity == 0) return;
    rings_.resize(logger.id() + 1);
  }
  Ring& ring = rings_[logger.id()];
  ring.logger = &logger;
  ring.trigger = trigger;
  ring.next = 0;
  ring.count = 0;
  if (capacity == 0) {
    std::vector<Kept>().swap(ring.slots);  // off: its memory goes too
  } else {
    ring.slots.resize(capacity);
  }
}

void Backtraces::dump(const Logger& logger, const ThreadInfo& thread) {
  Ring* ring = ring_of(logger.id());
  if (ring != nullptr && ring->count != 0) write_out(*ring, thread);
}

void Backtraces::dump_all(const ThreadInfo& thread) {
  for (Ring& ring : rings_) {
    if (ring.count != 0) write_out(ring, thread);
  }
}

void Backtraces::keep(Ring& ring, const LogEvent& event) {
  Kept& slot = ring.slots[ring.next];
  ring.next = (ring.next + 1) % ring.slots.size();
  ring.count = std::min(ring.count + 1, ring.slots.size());
  slot.site = &event.site();
  slot.ticks = event.ticks();
  slot.unix_ns = event.unix_ns();
  slot.thread_index = event.thread().index;
  slot.os_id = event.thread().os_id;
  slot.name_size = std::min(event.thread().name.size(), slot.name.size());
  std::copy_n(event.thread().name.data(), slot.name_size, slot.name.data());
  slot.args.assign(event.args().begin(), event.args().end());
  keep_context(slot, event.context());
}

void Backtraces::keep_context(Kept& slot, std::span<const Field> context) {
  // The thread's fields point into the backend's copy of its context, which the next context
  // record replaces: copy their text, sized first so the views taken below stay valid.
  std::size_t chars = 0;
  for (const Field& f : context) {
    chars += f.key.size();
    if (const auto* text = std::get_if<std::string_view>(&f.value)) chars += text->size();
  }
  slot.context_chars.clear();
  slot.context_chars.reserve(chars);
  const auto copy = [&slot](std::string_view text) {
    const char* at = slot.context_chars.data() + slot.context_chars.size();
    slot.context_chars.insert(slot.context_chars.end(), text.begin(), text.end());
    return std::string_view(at, text.size());
  };
  slot.context.assign(1, kBacktraceMark);
  for (const Field& f : context) {
    Field& kept = slot.context.emplace_back(Field{copy(f.key), f.value});
    if (const auto* text = std::get_if<std::string_view>(&f.value)) kept.value = copy(*text);
  }
}

void Backtraces::write_out(Ring& ring, const ThreadInfo& thread) {
  const std::uint32_t logger_id = ring.logger->id();
  // To the logger's own sinks, like its records: the header says whose backtrace follows.
  dispatch_.deliver_as(logger_id,
                       internal_.backtrace_header(thread, ring.logger->name(), ring.count));
  const std::size_t size = ring.slots.size();
  std::size_t at = (ring.next + size - ring.count) % size;  // the oldest
  for (std::size_t i = 0; i < ring.count; ++i, at = (at + 1) % size) {
    const Kept& k = ring.slots[at];
    const ThreadInfo info{k.thread_index, k.os_id, std::string_view(k.name.data(), k.name_size)};
    // No clock anchor: unix_ns was computed when the record was kept, the anchor may have moved.
    dispatch_.deliver_as(logger_id, LogEvent(*k.site, info, k.ticks, k.unix_ns, k.args, k.context));
  }
  ring.count = 0;
  ring.next = 0;
}

}  // namespace ringlog::detail
