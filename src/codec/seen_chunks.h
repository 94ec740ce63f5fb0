// The chunk numbers a reader has decoded in the current segment, so that a chunk repeated later
// in the input (copied by a tool, a replayed write) is recognised and skipped.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>

namespace ringlog::detail {

class SeenChunks {
 public:
  bool contains(std::uint32_t seq) const {
    auto it = runs_.upper_bound(seq);
    if (it == runs_.begin()) return false;
    --it;
    return seq < it->second;
  }

  // Records `seq` as decoded. Runs of consecutive numbers are merged: a file read in order is
  // one run, so memory grows only with the gaps and reorderings the input holds.
  void insert(std::uint32_t seq) {
    const std::uint64_t end = std::uint64_t{seq} + 1;
    auto next = runs_.lower_bound(seq);
    if (next != runs_.begin()) {
      auto prev = std::prev(next);
      if (prev->second >= seq) {  // extends (or contains) the run before
        if (prev->second < end) prev->second = end;
        merge_with_next(prev);
        return;
      }
    }
    next = runs_.emplace_hint(next, seq, end);
    merge_with_next(next);
  }

  void clear() { runs_.clear(); }

 private:
  using Runs = std::map<std::uint32_t, std::uint64_t>;  // first number -> one past the last

  void merge_with_next(Runs::iterator run) {
    const auto next = std::next(run);
    if (next != runs_.end() && next->first <= run->second) {
      if (next->second > run->second) run->second = next->second;
      runs_.erase(next);
    }
  }

  Runs runs_;
};

}  // namespace ringlog::detail
