// The backend side of ringlog::Context: the last context a producer thread sent, decoded once
// per change and attached to each of that thread's records after it.
#pragma once

#include <array>
#include <cstddef>
#include <span>

#include "ringlog/context.h"
#include "ringlog/field.h"

namespace ringlog::detail {

class ReceivedContext {
 public:
  // Takes the entries of a kControlContext record (copied). Returns false when they are longer
  // than a context can be or malformed; what could be decoded is kept. No allocation.
  bool assign(std::span<const std::byte> entries) noexcept;
  // The same from a kControlContext record's argument bytes (one length-prefixed string).
  bool assign_record(std::span<const std::byte> args) noexcept;
  // The resolved fields (one per key), valid until the next assign().
  std::span<const Field> fields() const noexcept { return {fields_.data(), count_}; }

 private:
  std::array<std::byte, kContextMaxBytes> bytes_{};
  std::array<Field, kContextMaxFields> fields_{};
  std::size_t count_ = 0;
};

}  // namespace ringlog::detail
