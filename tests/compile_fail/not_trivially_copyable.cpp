// Must not compile: a type with an fmt::formatter that is not trivially copyable cannot travel
// raw; the message says to describe it or to use ringlog::format_now().
#include <fmt/format.h>

#include <string>

#include "ringlog/ringlog.h"

struct Named {
  std::string name;
};

template <>
struct fmt::formatter<Named> : fmt::formatter<std::string_view> {
  auto format(const Named& n, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(n.name, ctx);
  }
};

void log_it(ringlog::Logger& log) {
  RLOG_INFO(log, "{}", Named{"x"});
}
