#include "shm/ring_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <vector>

#include "runtime/runtime.h"
#include "shm/process_identity.h"
#include "shm/ring_file_format.h"

namespace ringlog::detail {
namespace {

struct Store {
  std::mutex mutex;
  std::atomic<bool> open{false};  // relaxed reads: a hint; the truth is read under `mutex`
  std::string directory;
  int sites_fd = -1;
  ring_file::ProcessHeader* process = nullptr;  // the "process" file, mapped shared
  bool ring_failure_reported = false;
  // Every live ring file. Its only other pointer is in the ring itself, inside the shared
  // mapping, which LeakSanitizer does not scan: this list keeps them reachable (and countable).
  std::vector<RingFile*> files;
};

Store& store() {
  static auto* s = new Store;  // leaked on purpose: rings may outlive static destruction
  return *s;
}

std::string errno_text(int err) {
  return std::strerror(err);
}

// Creates `path` (0600) of `bytes` with its blocks reserved, so that a full /dev/shm is an error
// here rather than a SIGBUS on a later store into the mapping; maps it shared.
void* create_mapped_file(const std::string& path, std::size_t bytes, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    error = path + ": " + errno_text(errno);
    return nullptr;
  }
  const int err = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));
  void* base = MAP_FAILED;
  if (err == 0) {
    base = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    if (base == MAP_FAILED) error = path + ": mmap: " + errno_text(errno);
  } else {
    error = path + ": cannot reserve " + std::to_string(bytes) + " bytes: " + errno_text(err);
  }
  ::close(fd);
  if (base == MAP_FAILED) {
    ::unlink(path.c_str());
    return nullptr;
  }
  return base;
}

void copy_text(char* out, std::size_t capacity, std::uint32_t& length, std::string_view text) {
  length = static_cast<std::uint32_t>(text.size() <= capacity ? text.size() : 0);
  std::memcpy(out, text.data(), length);
}

void remove_directory(const std::string& dir) {
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      if (std::strcmp(e->d_name, ".") == 0 || std::strcmp(e->d_name, "..") == 0) continue;
      ::unlink((dir + "/" + e->d_name).c_str());
    }
    ::closedir(d);
  }
  ::rmdir(dir.c_str());
}

bool write_all(int fd, const std::byte* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void put_u32(std::vector<std::byte>& out, std::uint32_t v) {
  const auto* p = reinterpret_cast<const std::byte*>(&v);
  out.insert(out.end(), p, p + sizeof v);
}
void put_text(std::vector<std::byte>& out, std::string_view s) {
  put_u32(out, static_cast<std::uint32_t>(s.size()));
  const auto* p = reinterpret_cast<const std::byte*>(s.data());
  out.insert(out.end(), p, p + s.size());
}

bool open_locked(Store& s, const Config& config, const ClockAnchor& anchor) {
  const std::string parent = config.ring_dir;
  if (::mkdir(parent.c_str(), 0700) != 0 && errno != EEXIST) {
    report_error("ring_dir " + parent + ": " + errno_text(errno) +
                 "; rings stay in private memory");
    return false;
  }
  const int pid = static_cast<int>(::getpid());
  const std::string dir = parent + "/" + program_short_name() + "." + std::to_string(pid);
  remove_directory(dir);  // left by an earlier run of this process, or a dead one with our pid
  if (::mkdir(dir.c_str(), 0700) != 0) {
    report_error("ring_dir " + dir + ": " + errno_text(errno) + "; rings stay in private memory");
    return false;
  }
  std::string error;
  auto* process = static_cast<ring_file::ProcessHeader*>(create_mapped_file(
      dir + "/" + ring_file::kProcessFileName, sizeof(ring_file::ProcessHeader), error));
  const int sites_fd = process == nullptr ? -1
                                          : ::open((dir + "/" + ring_file::kSitesFileName).c_str(),
                                                   O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (process == nullptr || sites_fd < 0) {
    if (error.empty()) error = dir + "/sites: " + errno_text(errno);
    if (process != nullptr) ::munmap(process, sizeof *process);
    remove_directory(dir);
    report_error("ring_dir: " + error + "; rings stay in private memory");
    return false;
  }
  std::memcpy(process->magic, ring_file::kProcessMagic, sizeof process->magic);
  process->version = ring_file::kVersion;
  process->pid = pid;
  process->start_time = process_start_time(pid);
  process->utc_time = config.utc_time ? 1 : 0;
  process->append_fields = config.append_fields ? 1 : 0;
  copy_text(process->program, sizeof process->program, process->program_length,
            program_short_name());
  copy_text(process->pattern, sizeof process->pattern, process->pattern_length, config.pattern);
  s.directory = dir;
  s.process = process;
  s.sites_fd = sites_fd;
  s.ring_failure_reported = false;
  store_clock(anchor);
  return true;
}

}  // namespace

bool open_ring_store(const Config& config, const ClockAnchor& anchor) {
  Store& s = store();
  std::lock_guard lock(s.mutex);
  if (s.open.load(std::memory_order_relaxed)) return true;
  if (!open_locked(s, config, anchor)) return false;
  s.open.store(true, std::memory_order_relaxed);
  return true;
}

void close_ring_store() {
  Store& s = store();
  std::lock_guard lock(s.mutex);
  if (!s.open.load(std::memory_order_relaxed)) return;
  s.open.store(false, std::memory_order_relaxed);
  ::close(s.sites_fd);
  s.sites_fd = -1;
  ::munmap(s.process, sizeof *s.process);
  s.process = nullptr;
  remove_directory(s.directory);
  s.directory.clear();
}

bool ring_store_open() noexcept {
  return store().open.load(std::memory_order_relaxed);
}

std::string ring_store_directory() {
  Store& s = store();
  std::lock_guard lock(s.mutex);
  return s.directory;
}

ThreadRing* create_ring_in_store(std::size_t capacity) {
  Store& s = store();
  if (!s.open.load(std::memory_order_relaxed)) return nullptr;
  std::lock_guard lock(s.mutex);
  if (!s.open.load(std::memory_order_relaxed)) return nullptr;
  static_assert(alignof(ThreadRing) <= ring_file::kThreadRingOffset);
  const std::size_t ring_end = ring_file::kThreadRingOffset + sizeof(ThreadRing);
  const std::size_t buffer_offset = (ring_end + ring_file::kPage - 1) & ~(ring_file::kPage - 1);
  const std::size_t bytes = buffer_offset + capacity;
  static std::atomic<std::uint32_t> next_file{0};
  auto file = std::make_unique<RingFile>();
  file->path = s.directory + "/" + ring_file::kRingFilePrefix +
               std::to_string(next_file.fetch_add(1, std::memory_order_relaxed));
  std::string error;
  void* base = create_mapped_file(file->path, bytes, error);
  if (base == nullptr) {
    if (!s.ring_failure_reported) {
      s.ring_failure_reported = true;
      report_error("ring_dir: " + error + "; this thread's ring stays in private memory");
    }
    return nullptr;
  }
  file->base = base;
  file->bytes = bytes;
  s.files.push_back(file.get());
  auto* bytes_base = static_cast<std::byte*>(base);
  auto* ring = new (bytes_base + ring_file::kThreadRingOffset)
      ThreadRing(capacity, bytes_base + buffer_offset, file.release());
  auto* header = static_cast<ring_file::RingHeader*>(base);
  std::memcpy(header->magic, ring_file::kRingMagic, sizeof header->magic);
  header->version = ring_file::kVersion;
  header->capacity = capacity;
  header->buffer_offset = buffer_offset;
  header->write_index_offset = static_cast<std::uint64_t>(
      static_cast<const std::byte*>(ring->ring.write_index_address()) - bytes_base);
  header->read_index_offset = static_cast<std::uint64_t>(
      static_cast<const std::byte*>(ring->ring.read_index_address()) - bytes_base);
  return ring;
}

void destroy_ring_file(ThreadRing* ring) noexcept {
  RingFile* file = ring->file;
  {
    Store& s = store();
    std::lock_guard lock(s.mutex);
    std::erase(s.files, file);
  }
  ring->~ThreadRing();
  ::munmap(file->base, file->bytes);
  ::unlink(file->path.c_str());  // fails harmlessly once a stop() removed the directory
  delete file;
}

void store_call_site(const CallSite& site) {
  Store& s = store();
  if (!s.open.load(std::memory_order_relaxed)) return;
  std::vector<std::byte> entry(8);
  put_u32(entry, site.id);
  put_u32(entry, static_cast<std::uint32_t>(site.level));
  put_u32(entry, site.line);
  put_u32(entry, site.arg_count);
  put_u32(entry, site.message_code_size);
  put_u32(entry, site.field_count);
  put_text(entry, site.logger_name);
  put_text(entry, site.file);
  put_text(entry, site.function);
  put_text(entry, site.format);
  const auto code = site.full_code();
  put_text(entry, {reinterpret_cast<const char*>(code.data()), code.size()});
  for (std::uint32_t i = 0; i < site.field_count; ++i) put_text(entry, site.field_keys[i]);
  const auto payload = static_cast<std::uint32_t>(entry.size() - 8);
  const std::uint32_t sum = ring_file::checksum(entry.data() + 8, payload);
  std::memcpy(entry.data(), &payload, 4);
  std::memcpy(entry.data() + 4, &sum, 4);
  std::lock_guard lock(s.mutex);
  if (s.sites_fd < 0) return;
  if (!write_all(s.sites_fd, entry.data(), entry.size())) {
    report_error("ring_dir " + s.directory + "/sites: " + errno_text(errno) +
                 "; records of this call site cannot be recovered after a kill");
  }
}

void store_clock(const ClockAnchor& anchor) noexcept {
  // Only start() (under the store's mutex) and the backend thread write the anchor, never at
  // once: start() runs before the backend exists.
  ring_file::ProcessHeader* p = store().process;
  if (p == nullptr) return;
  p->anchor_ticks = anchor.ticks;
  p->anchor_unix_ns = anchor.unix_ns;
  p->ns_per_tick = anchor.ns_per_tick;
}

void store_thread_name(ThreadRing& ring, std::string_view name) noexcept {
  if (ring.file == nullptr) return;
  auto* header = static_cast<ring_file::RingHeader*>(ring.file->base);
  const std::size_t n = name.size() < ring_file::kNameMax ? name.size() : ring_file::kNameMax;
  std::memcpy(header->name, name.data(), n);
  header->name_length = static_cast<std::uint32_t>(n);
}

void seal_ring_file(ThreadRing& ring) noexcept {
  if (ring.file == nullptr) return;
  auto* header = static_cast<ring_file::RingHeader*>(ring.file->base);
  header->os_thread_id = ring.os_thread_id;
  header->thread_index = ring.index;
  store_thread_name(ring, std::string_view(ring.name, ::strnlen(ring.name, sizeof ring.name)));
  header->ready = 1;
}

void forget_ring_store_in_child() noexcept {
  Store& s = store();
  // The forking thread holds no lock of ours across fork() except through the registries; the
  // store's mutex may have been held by another thread: start over with a fresh one.
  new (&s.mutex) std::mutex();
  if (s.sites_fd >= 0) ::close(s.sites_fd);
  s.sites_fd = -1;
  s.process = nullptr;  // the parent's mapping stays, unused
  s.directory.clear();
  s.open.store(false, std::memory_order_relaxed);
}

}  // namespace ringlog::detail
