// copy_string_bytes(): every length from 0 to past the memcpy cut-over copies exactly its bytes,
// touching nothing before or after either range. The source sits against a page the process may
// not read, so a read past either end of it faults instead of passing unnoticed.
#include <sys/mman.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <cstddef>
#include <cstring>
#include <vector>

#include "ringlog/detail/short_copy.h"

namespace {

// Two pages: the second (or the first) made unreadable, the other one readable.
class GuardedPage {
 public:
  explicit GuardedPage(bool guard_after)
      : page_(static_cast<std::size_t>(::sysconf(_SC_PAGESIZE))) {
    void* p =
        ::mmap(nullptr, 2 * page_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    base_ = static_cast<char*>(p);
    readable_ = guard_after ? base_ : base_ + page_;
    REQUIRE(::mprotect(guard_after ? base_ + page_ : base_, page_, PROT_NONE) == 0);
  }
  ~GuardedPage() { ::munmap(base_, 2 * page_); }
  GuardedPage(const GuardedPage&) = delete;
  GuardedPage& operator=(const GuardedPage&) = delete;

  char* begin() const { return readable_; }
  char* end() const { return readable_ + page_; }

 private:
  std::size_t page_;
  char* base_ = nullptr;
  char* readable_ = nullptr;
};

void fill_pattern(char* p, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<char>(i * 7 + 1);
}

// Copies [src, src + n) into the middle of a canary-filled buffer and checks every byte.
void check_copy(const char* src, std::size_t n) {
  constexpr std::size_t kMargin = 80;
  constexpr auto kCanary = std::byte{0xA5};
  std::vector<std::byte> dst(n + 2 * kMargin, kCanary);
  ringlog::detail::copy_string_bytes(dst.data() + kMargin, src, n);
  for (std::size_t i = 0; i < kMargin; ++i) {
    REQUIRE(dst[i] == kCanary);
    REQUIRE(dst[kMargin + n + i] == kCanary);
  }
  REQUIRE(std::memcmp(dst.data() + kMargin, src, n) == 0);
}

}  // namespace

TEST_CASE("short string copies write exactly n bytes and read nothing past the source's end") {
  GuardedPage page(/*guard_after=*/true);
  fill_pattern(page.begin(), static_cast<std::size_t>(page.end() - page.begin()));
  for (std::size_t n = 0; n <= 300; ++n) {
    INFO("n = " << n);
    check_copy(page.end() - n, n);
  }
}

TEST_CASE("short string copies read nothing before the source's start") {
  GuardedPage page(/*guard_after=*/false);
  fill_pattern(page.begin(), static_cast<std::size_t>(page.end() - page.begin()));
  for (std::size_t n = 0; n <= 300; ++n) {
    INFO("n = " << n);
    check_copy(page.begin(), n);
  }
}
