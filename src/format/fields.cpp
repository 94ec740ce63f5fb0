#include "format/fields.h"

#include <cstdint>
#include <cstring>

#include "format/message.h"
#include "ringlog/sinks.h"

namespace ringlog::detail {
FieldValue decode_field_value(ArgType type, std::span<const std::byte> b) noexcept {
  // A char field is a one-character string: a view of its byte, not a copy.
  if (type == ArgType::kChar) return std::string_view(reinterpret_cast<const char*>(b.data()), 1);
  FieldValue result =
      std::uint64_t{0};  // for kinds a field cannot hold (for_each_arg refuses them)
  visit_arg(type, b, [&result](auto value) {
    using T = decltype(value);
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, std::string_view>) {
      result = value;
    } else if constexpr (std::is_pointer_v<T>) {
      result = static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(value));
    } else if constexpr (std::is_floating_point_v<T>) {
      result = static_cast<double>(value);
    } else if constexpr (std::is_signed_v<T>) {
      result = static_cast<std::int64_t>(value);
    } else {
      result = static_cast<std::uint64_t>(value);
    }
  });
  return result;
}

bool decode_call_fields(const CallSite& site, std::span<const std::byte> args,
                        std::vector<Field>& out) {
  out.clear();
  if (site.field_count == 0) return true;
  if (site.field_keys == nullptr) return false;  // a call site rebuilt from bad metadata
  std::size_t index = 0;
  // Walks the message's arguments too: the fields' bytes start where the message's end.
  return for_each_arg(
      site.full_code(), args, [&](ArgType type, auto, std::span<const std::byte> bytes) {
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
