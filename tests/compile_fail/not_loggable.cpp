// Must not compile: a type with no description and no fmt::formatter cannot be logged.
#include "ringlog/ringlog.h"

struct Opaque {
  int secret;
};

void log_it(ringlog::Logger& log) {
  RLOG_INFO(log, "{}", Opaque{1});
}
