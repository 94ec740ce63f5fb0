#include "affinity.h"

#include <pthread.h>
#include <sched.h>

namespace demo {

int pin_current_thread(Role role) noexcept {
  cpu_set_t allowed;
  CPU_ZERO(&allowed);
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) return -1;
  const int wanted = role == Role::feed ? 0 : 1;
  int cpu = -1;
  int seen = 0;
  for (int c = 0; c < CPU_SETSIZE && seen <= wanted; ++c) {
    if (!CPU_ISSET(c, &allowed)) continue;
    cpu = c;
    ++seen;
  }
  if (cpu < 0) return -1;
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(cpu, &one);
  return pthread_setaffinity_np(pthread_self(), sizeof one, &one) == 0 ? cpu : -1;
}

}  // namespace demo
