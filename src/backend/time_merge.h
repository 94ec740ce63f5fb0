// Orders the records of several rings by timestamp: a min-heap over each ring's front record.
// Each ring is in order on its own (one producer), so merging their fronts yields one stream in
// timestamp order. Ties are broken by ring index (adoption order), so the output of a given
// set of rings does not depend on heap internals.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ringlog::detail {

class TimeMerge {
 public:
  struct Front {
    std::uint64_t ticks;  // timestamp of the ring's front record
    std::size_t ring;     // index of the ring in the backend's ring set
  };

  void clear() noexcept { heap_.clear(); }
  bool empty() const noexcept { return heap_.empty(); }
  // Queues a ring whose front record has timestamp `front.ticks`. Allocates only while the
  // number of rings grows.
  void push(Front front) {
    heap_.push_back(front);
    std::push_heap(heap_.begin(), heap_.end(), later);
  }
  // The earliest front. Precondition: !empty().
  const Front& top() const noexcept { return heap_.front(); }
  // Removes and returns the earliest front. Precondition: !empty().
  Front pop() noexcept {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const Front front = heap_.back();
    heap_.pop_back();
    return front;
  }
  // True when `front` (a ring just popped, with its next record) still goes before every queued
  // ring: the caller may take it without a push and a pop. With one busy producer, the common
  // case, the heap is then not touched per record.
  bool goes_first(const Front& front) const noexcept {
    return heap_.empty() || later(heap_.front(), front);
  }

 private:
  // Heap order: `a` comes out after `b`.
  static bool later(const Front& a, const Front& b) noexcept {
    return a.ticks != b.ticks ? a.ticks > b.ticks : a.ring > b.ring;
  }

  std::vector<Front> heap_;
};

}  // namespace ringlog::detail
