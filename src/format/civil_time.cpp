#include "format/civil_time.h"

#include <time.h>

namespace ringlog::detail {

bool civil_time(std::int64_t second, bool utc, std::tm& parts) noexcept {
  const auto t = static_cast<time_t>(second);
  parts = std::tm{};
  const std::tm* done = utc ? gmtime_r(&t, &parts) : localtime_r(&t, &parts);
  if (done != nullptr) return true;
  parts = std::tm{};
  return false;
}

}  // namespace ringlog::detail
