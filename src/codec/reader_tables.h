// The definitions a BinaryReader has learnt from a segment: call sites and threads by file id.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "codec/binary_reader.h"
#include "codec/format_guard.h"

namespace ringlog::detail {

struct BinaryReader::Site {
  std::string logger, file, function, format;
  // The type code: the message's arguments, then one kind byte per kv() field value.
  std::vector<std::uint8_t> types;
  std::vector<std::string> field_key_text;
  std::vector<std::string_view> field_keys;
  CallSite site{};
  FormatCheck check;
  std::string note;                 // the format shown instead when the real one is unsafe to apply
  CallSite note_site{};             // `site` with `note` as its format
  std::vector<std::uint64_t> prev;  // argument predictors, valid for chunk `epoch`
  std::uint32_t epoch = 0;
  bool reported = false;  // an unknown-site issue was reported for this id
  bool defined = false;
};

struct BinaryReader::Thread {
  std::string name;
  ThreadInfo info{};
  bool defined = false;
  // ringlog::Context fields, valid for chunk `context_epoch` (empty otherwise).
  std::vector<std::string> context_text;  // keys and string values the fields point into
  std::vector<Field> context;
  std::uint32_t context_epoch = 0;
};

// Ids are dense from 0 in files we write; a vector serves those, a map any large forged ones,
// so memory stays proportional to what the file defines.
template <typename T>
class BinaryReader::IdTable {
 public:
  T* find(std::uint32_t id) const {
    if (id < dense_.size()) return dense_[id].get();
    const auto it = sparse_.find(id);
    return it == sparse_.end() ? nullptr : it->second.get();
  }
  T& get_or_create(std::uint32_t id) {
    std::unique_ptr<T>* slot;
    if (id < kDense) {
      if (id >= dense_.size()) dense_.resize(id + 1);
      slot = &dense_[id];
    } else {
      slot = &sparse_[id];
    }
    if (!*slot) *slot = std::make_unique<T>();
    return **slot;
  }
  std::size_t size() const { return count_dense() + sparse_.size(); }

 private:
  static constexpr std::uint32_t kDense = 1u << 16;
  std::size_t count_dense() const {
    std::size_t n = 0;
    for (const auto& p : dense_) n += p != nullptr;
    return n;
  }
  std::vector<std::unique_ptr<T>> dense_;
  std::unordered_map<std::uint32_t, std::unique_ptr<T>> sparse_;
};

}  // namespace ringlog::detail
