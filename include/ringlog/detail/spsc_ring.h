// Bounded single-producer / single-consumer byte ring for variable-length records.
//
// The producer reserves a contiguous span, writes into it and commits; the consumer peeks the
// committed bytes and releases them. Records never straddle the end of the buffer: when a record
// does not fit in the tail, the producer writes a padding header there and starts at offset 0.
// Positions are monotonic 64-bit byte counters, so "full" and "empty" never alias.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>

#include "ringlog/detail/consumer_bell.h"

namespace ringlog::detail {

inline constexpr std::size_t kCacheLine = 64;
// Every record starts 8-byte aligned so its header can be read and written with plain loads.
inline constexpr std::size_t kRecordAlign = 8;
// A header whose first word holds this tag marks the unused tail before a wrap.
inline constexpr std::uint32_t kPaddingTag = 0xFFFF'FFFFu;

// The smallest ring Config accepts, so every ring takes a record of half this size: the hot path
// skips the size check for a record known at compile time to be no larger.
inline constexpr std::size_t kMinRingBytes = 4096;
inline constexpr std::size_t kRecordAlwaysFits = kMinRingBytes / 2;

constexpr std::size_t align_record(std::size_t n) noexcept {
  return (n + kRecordAlign - 1) & ~(kRecordAlign - 1);
}

class SpscRing {
 public:
  // capacity must be a power of two and a multiple of kRecordAlign; validated by Config.
  explicit SpscRing(std::size_t capacity)
      : mask_(capacity - 1),
        buffer_(static_cast<std::byte*>(::operator new (capacity, std::align_val_t{kCacheLine}))) {
    // Touch every page now so the first laps of the hot path never take a page fault.
    std::memset(buffer_, 0, capacity);
    producer_.limit = capacity / 2;  // the first look at the consumer comes half a ring on
  }
  // A ring over `buffer` (capacity bytes, zeroed, kCacheLine-aligned) owned by the caller: a
  // file mapped shared (Config::ring_dir), so the bytes and the indices below outlive a kill.
  SpscRing(std::size_t capacity, std::byte* buffer) noexcept
      : mask_(capacity - 1), buffer_(buffer), owns_buffer_(false) {
    producer_.limit = capacity / 2;
  }
  ~SpscRing() {
    if (owns_buffer_) ::operator delete (buffer_, std::align_val_t{kCacheLine});
  }
  SpscRing(const SpscRing&) = delete;
  SpscRing& operator=(const SpscRing&) = delete;

  std::size_t capacity() const noexcept { return mask_ + 1; }
  // The largest record reserve() can ever return: half the ring, so a record plus the padding
  // in front of it always fits in an empty ring.
  std::size_t max_record() const noexcept { return capacity() / 2; }

  // A span reserved by try_reserve(): where to write, and the position to hand to publish().
  struct Reserved {
    std::byte* data;
    std::uint64_t end;
  };

  // Producer, fast path: reserves `bytes` (already aligned) when they fit below the producer's
  // limit, i.e. before the end of the buffer and inside the space last seen free; false
  // otherwise (call reserve() then). One compare, and no null pointer for the caller to test.
  [[gnu::always_inline]] bool try_reserve(std::size_t bytes, Reserved& out) noexcept {
    // Relaxed: only this thread stores `write`, so it reads back its own last store.
    const std::uint64_t pos = producer_.write.load(std::memory_order_relaxed);
    out.end = pos + bytes;
    out.data = buffer_ + (pos & mask_);
    return out.end <= producer_.limit;
  }

  // Producer: a span of `bytes` (already aligned, at most max_record()) or nullptr when the ring
  // is full right now. Wraps to offset 0 when the tail is too short.
  std::byte* reserve(std::size_t bytes) noexcept {
    Reserved r;
    if (try_reserve(bytes, r)) [[likely]]
      return r.data;
    return make_room(bytes);
  }

  // Producer: makes every reserve() fail, whatever the consumer frees, until resume_producer(),
  // so that a producer which had to drop a record keeps dropping instead of slipping single
  // records into space freed later. Free on the fast path: a limit at the write position fails
  // the one compare in try_reserve(), and `held` is read only in make_room().
  void hold_producer() noexcept {
    producer_.held = true;
    producer_.limit = producer_.write.load(std::memory_order_relaxed);  // relaxed: our own index
  }
  // Producer: undoes hold_producer(); the next reserve() re-reads the consumer's position.
  void resume_producer() noexcept { producer_.held = false; }

  // Producer side, set before the first record: rung when the producer finds the ring half full
  // or more, so a consumer sleeping between its drains wakes long before the ring fills.
  void set_consumer_bell(ConsumerBell* bell) noexcept { producer_.bell = bell; }
  bool producer_held() const noexcept { return producer_.held; }

  // Producer: publishes the record that ends at `end` (Reserved::end). Taking the position
  // from the reservation spares a reload of producer_.write after the record's byte stores, which
  // the compiler must assume may alias it.
  [[gnu::always_inline]] void publish(std::uint64_t end) noexcept {
    // Release makes the record bytes (and any padding tag) visible before the new position;
    // pairs with the acquire loads of producer_.write in peek(), empty_for_consumer() and
    // committed_position().
    producer_.write.store(end, std::memory_order_release);
  }
  // Producer: publishes `bytes` reserved by the last reserve().
  void commit(std::size_t bytes) noexcept {
    publish(producer_.write.load(std::memory_order_relaxed) + bytes);  // relaxed: our own index
  }

  // Consumer: committed bytes not yet released, as [begin, begin + size) contiguous; padding at
  // the tail is skipped transparently. Returns size 0 when empty.
  struct Readable {
    const std::byte* data;
    std::size_t size;
  };
  Readable peek() noexcept {
    std::uint64_t pos = consumer_local_read_;
    if (consumer_.cached_write == pos) {
      // Acquire pairs with commit(): the record bytes are visible once the position is.
      consumer_.cached_write = producer_.write.load(std::memory_order_acquire);
      if (consumer_.cached_write == pos) return {nullptr, 0};
    }
    std::size_t offset = pos & mask_;
    std::uint32_t tag;
    std::memcpy(&tag, buffer_ + offset, sizeof tag);
    if (tag == kPaddingTag) {
      pos += capacity() - offset;
      consumer_local_read_ = pos;
      // Hand the skipped tail back at once so a producer waiting for space can see it, unless
      // records before it are consumed but not yet published (consume()): publishing now would
      // free them early.
      if (!consumed_unpublished_) consumer_.read.store(pos, std::memory_order_release);
      if (consumer_.cached_write == pos) return {nullptr, 0};
      offset = 0;
    }
    std::size_t avail = static_cast<std::size_t>(consumer_.cached_write - pos);
    std::size_t contiguous = capacity() - offset;
    return {buffer_ + offset, avail < contiguous ? avail : contiguous};
  }

  // Consumer: mark `bytes` from the start of the last peek() as read.
  void release(std::size_t bytes) noexcept {
    consume(bytes);
    publish_consumed();
  }
  // Consumer: mark `bytes` as read without handing them back to the producer yet: they stay
  // in the ring (and in a ring file, recoverable) until publish_consumed().
  void consume(std::size_t bytes) noexcept {
    consumer_local_read_ += bytes;
    consumed_unpublished_ = true;
  }
  // Consumer: hands everything consumed so far back to the producer.
  void publish_consumed() noexcept {
    consumed_unpublished_ = false;
    // Release orders our reads of the records before the producer may reuse their bytes.
    consumer_.read.store(consumer_local_read_, std::memory_order_release);
  }
  // Where the two published indices live, for a ring file's header (the recovery reader finds
  // them there after the process died).
  const void* write_index_address() const noexcept { return &producer_.write; }
  const void* read_index_address() const noexcept { return &consumer_.read; }

  // Consumer: true when every committed byte has been released (refreshes the producer index).
  bool empty_for_consumer() noexcept {
    consumer_.cached_write = producer_.write.load(std::memory_order_acquire);
    return consumer_.cached_write == consumer_local_read_;
  }

  // Consumer: the producer's published position; every byte before it is committed.
  std::uint64_t committed_position() noexcept {
    // Acquire, as in peek(): the caller may go on to read records up to this position.
    return producer_.write.load(std::memory_order_acquire);
  }
  // Consumer: the position up to which records have been read.
  std::uint64_t consumed_position() const noexcept { return consumer_local_read_; }

  // Either side: committed bytes not yet released. Approximate while the other side is active.
  std::size_t used_bytes() const noexcept {
    return static_cast<std::size_t>(producer_.write.load(std::memory_order_relaxed) -
                                    consumer_.read.load(std::memory_order_relaxed));
  }

 private:
  // Slow half of reserve(): writes the padding tag and wraps when the tail is too short,
  // re-reads the consumer's position once the ring looks half full, rings the consumer's bell
  // when it is, and moves limit_ on. Runs about twice a lap.
  [[gnu::noinline]] std::byte* make_room(std::size_t bytes) noexcept {
    if (producer_.held) return nullptr;                                   // see hold_producer()
    std::uint64_t pos = producer_.write.load(std::memory_order_relaxed);  // relaxed: our own index
    const std::size_t offset = pos & mask_;
    const std::size_t tail = capacity() - offset;
    const std::size_t needed = bytes <= tail ? bytes : tail + bytes;
    bool backlog = false;  // half full or more even after a fresh look at the consumer
    if (pos + needed - producer_.cached_read > capacity() / 2) {
      // Acquire pairs with the consumer's release in release() and peek(): once we see its
      // position, its reads of those bytes are finished and we may overwrite them.
      producer_.cached_read = consumer_.read.load(std::memory_order_acquire);
      backlog = pos + needed - producer_.cached_read > capacity() / 2;
      if (backlog && producer_.bell != nullptr) producer_.bell->ring();
      if (pos + needed - producer_.cached_read > capacity()) return nullptr;
    }
    if (needed != bytes) {
      std::memcpy(buffer_ + offset, &kPaddingTag, sizeof kPaddingTag);
      pos += tail;
      // Release publishes the padding tag before the position past it (same pairs as
      // publish()); the consumer skips it and finds the ring empty until the record follows.
      producer_.write.store(pos, std::memory_order_release);
    }
    // Up to the end of this lap of the buffer (no record straddles it) and no further than
    // the consumer's position allows; while the ring is less than half full, no further than
    // half a ring past that position, so the next look comes before the ring can fill. Past
    // half full the bell has rung: the next look waits for the end of the free space.
    const std::uint64_t lap_end = (pos | mask_) + 1;
    const std::uint64_t free_end = producer_.cached_read + (backlog ? capacity() : capacity() / 2);
    producer_.limit = lap_end < free_end ? lap_end : free_end;
    return buffer_ + (pos & mask_);
  }

  // Producer-owned line: the published write position, the limit below which a record fits
  // without a look at the consumer, and the producer's cached view of the consumer. One line
  // per call for the producer; the consumer only reads `write` from it, which never takes the
  // line away from the producer.
  struct alignas(kCacheLine) ProducerSide {
    std::atomic<std::uint64_t> write{0};
    std::uint64_t limit = 0;
    std::uint64_t cached_read = 0;
    ConsumerBell* bell = nullptr;  // see set_consumer_bell()
    bool held = false;             // hold_producer() is in force
  };
  // Consumer-owned line: the published read position and its cached view of the producer.
  struct alignas(kCacheLine) ConsumerSide {
    std::atomic<std::uint64_t> read{0};
    std::uint64_t cached_write = 0;
  };

  const std::size_t mask_;
  std::byte* const buffer_;
  const bool owns_buffer_ = true;
  ProducerSide producer_;
  ConsumerSide consumer_;
  // The consumer's unpublished read position (ahead of consumer_.read while skipping padding).
  alignas(kCacheLine) std::uint64_t consumer_local_read_ = 0;
  bool consumed_unpublished_ = false;  // consume() ran since the last publish_consumed()
};

static_assert(sizeof(std::atomic<std::uint64_t>) == 8);
static_assert(alignof(SpscRing) == kCacheLine, "indices must sit on their own cache lines");

}  // namespace ringlog::detail
