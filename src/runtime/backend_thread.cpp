#include "runtime/backend_thread.h"

namespace ringlog::detail {
namespace {

thread_local Backend* t_backend = nullptr;

}  // namespace

Backend* backend_on_this_thread() noexcept {
  return t_backend;
}

void set_backend_on_this_thread(Backend* backend) noexcept {
  t_backend = backend;
}

}  // namespace ringlog::detail
