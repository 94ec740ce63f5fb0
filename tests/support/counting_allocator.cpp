#include "support/counting_allocator.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <new>
#include <string>

// Our operator new calls malloc, so our operator delete must call free: the pairing is right.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

namespace {
thread_local std::uint64_t t_allocations = 0;
}  // namespace

namespace ringlog::test {
std::uint64_t allocations_on_this_thread() noexcept {
  return t_allocations;
}
}  // namespace ringlog::test

extern "C" void* __libc_malloc(std::size_t);  // glibc's own, under the replaced malloc

// malloc itself, for anything that bypasses operator new (fmt, libc).
extern "C" void* malloc(std::size_t n) {
  ++t_allocations;
  return __libc_malloc(n);
}

// operator new counts through malloc.
void* operator new(std::size_t n) {
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  return operator new(n);
}
void* operator new(std::size_t n, std::align_val_t a) {
  ++t_allocations;
  const auto align = static_cast<std::size_t>(a);
  if (void* p = std::aligned_alloc(align, (n + align - 1) / align * align)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}

// Runs in every test program that links this file, so their zero-allocation checks can fail.
TEST_CASE("the counting allocator counts (so a zero-allocation check can fail)") {
  const std::uint64_t before = ringlog::test::allocations_on_this_thread();
  auto* p = new std::string(100, 'x');
  delete p;
  void* m = std::malloc(10);
  asm volatile("" : : "g"(m) : "memory");  // keeps the compiler from eliding malloc + free
  std::free(m);
  CHECK(ringlog::test::allocations_on_this_thread() - before == 3);  // string, buffer, malloc
}
