#include "format/fields.h"

#include <cstdint>
#include <cstring>

#include "format/message.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {
FieldValue decode_field_value(ArgType type, std::span<const std::byte> b) noexcept {
  switch (type) {
    case ArgType::kBool:
      return load_native<std::uint8_t>(b) != 0;  // any non-zero byte, never an invalid bool
    case ArgType::kChar:
    case ArgType::kString:
      return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
    case ArgType::kI8:
      return std::int64_t{load_native<std::int8_t>(b)};
    case ArgType::kU8:
      return std::uint64_t{load_native<std::uint8_t>(b)};
    case ArgType::kI16:
      return std::int64_t{load_native<std::int16_t>(b)};
    case ArgType::kU16:
      return std::uint64_t{load_native<std::uint16_t>(b)};
    case ArgType::kI32:
      return std::int64_t{load_native<std::int32_t>(b)};
    case ArgType::kU32:
      return std::uint64_t{load_native<std::uint32_t>(b)};
    case ArgType::kI64:
      return load_native<std::int64_t>(b);
    case ArgType::kU64:
    case ArgType::kPointer:
      return load_native<std::uint64_t>(b);
    case ArgType::kF32:
      return double{load_native<float>(b)};
    case ArgType::kF64:
      return load_native<double>(b);
    case ArgType::kLongDouble:
      return static_cast<double>(load_native<long double>(b));
  }
  return std::uint64_t{0};  // unreachable for the types for_each_arg() accepts
}

bool decode_call_fields(const CallSite& site, std::span<const std::byte> args,
                        std::vector<Field>& out) {
  out.clear();
  if (site.field_count == 0) return true;
  if (site.field_keys == nullptr) return false;  // a call site rebuilt from bad metadata
  std::size_t index = 0;
  // Walks the message's arguments too: the fields' bytes start where the message's end.
  return for_each_arg(
      {site.arg_types, site.arg_count + site.field_count}, args,
      [&](ArgType type, std::span<const std::byte> bytes) {
        if (index >= site.arg_count) {
          out.push_back({site.field_keys[index - site.arg_count], decode_field_value(type, bytes)});
        }
        ++index;
      });
}

}  // namespace ringlog::detail

namespace ringlog {

std::span<const Field> LogEvent::fields() const {
  if (!fields_decoded_) {
    // One buffer per thread, as for message(): sinks on one thread see one event at a time.
    // Reused, so decoding allocates only while the largest field count is still growing.
    thread_local std::vector<Field> buffer;
    detail::decode_call_fields(site_, args_, buffer);
    fields_ = buffer;
    fields_decoded_ = true;
  }
  return fields_;
}

}  // namespace ringlog
