#include "recovery/ring_dir_reader.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>

#include "recovery/byte_cursor.h"
#include "ringlog/detail/arg_kinds.h"
#include "ringlog/detail/record.h"
#include "ringlog/detail/spsc_ring.h"
#include "shm/ring_file_format.h"

namespace ringlog::detail {

struct RingDirReader::Site {
  CallSite site{};
  std::string logger, file, function, format;
  std::vector<std::uint8_t> code;
  std::vector<std::string> keys;
  std::vector<std::string_view> key_views;
};

struct RingDirReader::Ring {
  std::vector<std::byte> bytes;
  std::uint32_t index = 0;
  std::uint64_t os_id = 0;
  // One entry per name the thread had in the stranded window (renames are control records).
  std::deque<std::string> names;
  std::deque<ThreadInfo> infos;
  std::deque<ReceivedContext> contexts;  // one per context record in the window
};

struct RingDirReader::Stranded {
  std::uint64_t ticks;
  const CallSite* site;
  const ThreadInfo* thread;
  const ReceivedContext* context;  // null: none known
  std::span<const std::byte> args;
};

namespace {

constexpr std::uint64_t kMaxFileBytes = (std::uint64_t{1} << 31) + (std::uint64_t{1} << 20);

// The whole regular file at `path`; false with `error` set otherwise. O_NONBLOCK: a FIFO put in
// the directory must not block the reader.
bool read_file(const std::string& path, std::vector<std::byte>& out, std::string& error) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0;
  if (!ok) error = std::strerror(errno);
  if (ok && !S_ISREG(st.st_mode)) ok = false, error = "not a regular file";
  if (ok && static_cast<std::uint64_t>(st.st_size) > kMaxFileBytes) ok = false, error = "too large";
  if (ok) {
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < out.size()) {
      const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;  // shrank meanwhile: keep what was read
      got += static_cast<std::size_t>(n);
    }
    out.resize(got);
  }
  ::close(fd);
  return ok;
}

template <class T>
bool load(const std::vector<std::byte>& bytes, std::size_t offset, T& out) {
  if (offset > bytes.size() || bytes.size() - offset < sizeof(T)) return false;
  std::memcpy(&out, bytes.data() + offset, sizeof(T));
  return true;
}

}  // namespace

RingDirReader::RingDirReader(std::string dir) : dir_(std::move(dir)) {
  std::vector<std::string> ring_names;
  DIR* d = ::opendir(dir_.c_str());
  if (d == nullptr) {
    problem(dir_, std::string("cannot open the directory: ") + std::strerror(errno));
    return;
  }
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.rfind(ring_file::kRingFilePrefix, 0) == 0) ring_names.push_back(name);
  }
  ::closedir(d);
  std::sort(ring_names.begin(), ring_names.end());
  std::string error;
  std::vector<std::byte> bytes;
  const std::string process_path = dir_ + "/" + ring_file::kProcessFileName;
  if (read_file(process_path, bytes, error)) {
    read_process(process_path, bytes);
  } else {
    problem(process_path, error + " (a half-created directory?)");
  }
  const std::string sites_path = dir_ + "/" + ring_file::kSitesFileName;
  if (read_file(sites_path, bytes, error)) {
    read_sites(sites_path, bytes);
  } else {
    problem(sites_path, error);
  }
  for (const std::string& name : ring_names) {
    const std::string path = dir_ + "/" + name;
    if (!read_file(path, bytes, error)) {
      problem(path, error);
      continue;
    }
    read_ring(path, std::move(bytes));
    bytes = {};
  }
  sort_records();
}

RingDirReader::RingDirReader(std::string name, std::vector<std::byte> process,
                             std::vector<std::byte> sites,
                             std::vector<std::vector<std::byte>> rings)
    : dir_(std::move(name)) {
  read_process(dir_ + "/process", process);
  read_sites(dir_ + "/sites", sites);
  for (std::size_t i = 0; i < rings.size(); ++i) {
    read_ring(dir_ + "/ring." + std::to_string(i), std::move(rings[i]));
  }
  sort_records();
}

RingDirReader::~RingDirReader() = default;

std::size_t RingDirReader::record_count() const noexcept {
  return records_.size();
}

void RingDirReader::problem(const std::string& path, const std::string& reason) {
  problems_.push_back(path + ": " + reason);
}

void RingDirReader::read_process(const std::string& path, const std::vector<std::byte>& bytes) {
  ring_file::ProcessHeader h;
  if (!load(bytes, 0, h)) {
    problem(path, "truncated (" + std::to_string(bytes.size()) + " bytes)");
    return;
  }
  if (std::memcmp(h.magic, ring_file::kProcessMagic, sizeof h.magic) != 0) {
    problem(path, "not a ringlog process file");
    return;
  }
  if (h.version != ring_file::kVersion) {
    problem(path, "version " + std::to_string(h.version) + " (this reader reads " +
                      std::to_string(ring_file::kVersion) + ")");
    return;
  }
  if (h.program_length > sizeof h.program || h.pattern_length > sizeof h.pattern ||
      !(h.ns_per_tick > 0 && h.ns_per_tick < 1e6)) {
    problem(path, "damaged header (lengths or clock out of range)");
    return;
  }
  usable_ = true;
  pid_ = h.pid;
  start_time_ = h.start_time;
  program_.assign(h.program, h.program_length);
  pattern_.assign(h.pattern, h.pattern_length);
  utc_time_ = h.utc_time != 0;
  append_fields_ = h.append_fields != 0;
  anchor_ = ClockAnchor{h.anchor_ticks, h.anchor_unix_ns, h.ns_per_tick};
}

void RingDirReader::read_sites(const std::string& path, const std::vector<std::byte>& bytes) {
  std::size_t offset = 0;
  while (offset < bytes.size()) {
    std::uint32_t size = 0, sum = 0;
    if (!load(bytes, offset, size) || !load(bytes, offset + 4, sum) ||
        size > bytes.size() - offset - 8) {
      problem(path, "truncated entry at byte " + std::to_string(offset));
      return;
    }
    const std::byte* payload = bytes.data() + offset + 8;
    if (size > ring_file::kMaxSiteEntry || ring_file::checksum(payload, size) != sum) {
      problem(path, "damaged entry at byte " + std::to_string(offset) + "; the rest is skipped");
      return;
    }
    ByteCursor in{payload, size};
    auto s = std::make_unique<Site>();
    CallSite& c = s->site;
    std::uint32_t level = 0;
    const bool head = in.u32(c.id) && in.u32(level) && in.u32(c.line) && in.u32(c.arg_count) &&
                      in.u32(c.message_code_size) && in.u32(c.field_count);
    std::string code;
    bool ok = head && level <= static_cast<std::uint32_t>(Level::off) && in.text(s->logger) &&
              in.text(s->file) && in.text(s->function) && in.text(s->format) && in.text(code) &&
              code.size() == std::uint64_t{c.message_code_size} + c.field_count &&
              c.arg_count <= c.message_code_size && c.field_count <= size;
    for (std::uint32_t i = 0; ok && i < c.field_count; ++i) ok = in.text(s->keys.emplace_back());
    if (!ok || !in.at_end()) {
      problem(path, "malformed call site at byte " + std::to_string(offset));
      offset += 8 + size;
      continue;
    }
    c.level = static_cast<Level>(level);
    s->code.assign(code.begin(), code.end());
    c.type_code = s->code.data();
    c.logger_name = s->logger;
    c.file = s->file;
    c.function = s->function;
    c.format = s->format;
    for (const std::string& k : s->keys) s->key_views.push_back(k);
    c.field_keys = s->key_views.data();
    sites_[c.id] = std::move(s);
    offset += 8 + size;
  }
}

void RingDirReader::read_ring(const std::string& path, std::vector<std::byte> bytes) {
  ring_file::RingHeader h;
  if (!load(bytes, 0, h)) {
    problem(path, "truncated (" + std::to_string(bytes.size()) + " bytes)");
    return;
  }
  if (std::memcmp(h.magic, ring_file::kRingMagic, sizeof h.magic) != 0) {
    problem(path, h.ready == 0 && h.version == 0 ? "never set up (its process died creating it)"
                                                 : "not a ringlog ring file");
    return;
  }
  if (h.version != ring_file::kVersion) {
    problem(path, "version " + std::to_string(h.version));
    return;
  }
  if (h.ready != 1) {
    problem(path, "never set up (its process died creating it)");
    return;
  }
  const std::uint64_t cap = h.capacity;
  const bool shape_ok =
      cap >= kMinRingBytes && cap <= (std::uint64_t{1} << 31) && (cap & (cap - 1)) == 0 &&
      h.buffer_offset >= sizeof h && h.buffer_offset % ring_file::kPage == 0 &&
      h.write_index_offset % 8 == 0 && h.read_index_offset % 8 == 0 &&
      h.write_index_offset + 8 <= h.buffer_offset && h.read_index_offset + 8 <= h.buffer_offset &&
      h.name_length <= sizeof h.name;
  if (!shape_ok) {
    problem(path, "damaged header (capacity, offsets or name out of range)");
    return;
  }
  if (bytes.size() != h.buffer_offset + cap) {
    problem(path, "truncated: " + std::to_string(bytes.size()) + " bytes, the header says " +
                      std::to_string(h.buffer_offset + cap));
    return;
  }
  std::uint64_t write = 0, read = 0;
  load(bytes, h.write_index_offset, write);
  load(bytes, h.read_index_offset, read);
  // Records start kRecordAlign-aligned, so both positions are multiples of it.
  if (read > write || write - read > cap || read % kRecordAlign != 0 || write % kRecordAlign != 0) {
    problem(path, "damaged indices (read " + std::to_string(read) + ", write " +
                      std::to_string(write) + ")");
    return;
  }
  auto ring = std::make_unique<Ring>();
  ring->bytes = std::move(bytes);
  ring->index = h.thread_index;
  ring->os_id = h.os_thread_id;
  ring->names.emplace_back(h.name, h.name_length);
  ring->infos.push_back(ThreadInfo{ring->index, ring->os_id, ring->names.back()});
  walk_ring(path, *ring, read, write);
  rings_.push_back(std::move(ring));
}

void RingDirReader::walk_ring(const std::string& path, Ring& ring, std::uint64_t read,
                              std::uint64_t write) {
  ring_file::RingHeader h;
  std::memcpy(&h, ring.bytes.data(), sizeof h);
  const std::byte* buffer = ring.bytes.data() + h.buffer_offset;
  const std::uint64_t cap = h.capacity;
  const ReceivedContext* context = nullptr;
  std::size_t unknown_sites = 0;
  for (std::uint64_t pos = read; pos < write;) {
    const std::size_t offset = pos & (cap - 1);
    std::uint32_t tag;
    std::memcpy(&tag, buffer + offset, sizeof tag);
    if (tag == kPaddingTag) {
      pos += cap - offset;
      continue;
    }
    RecordHeader rh;
    if (cap - offset < sizeof rh) {
      problem(path, "record header cut by the end of the ring at position " + std::to_string(pos));
      break;
    }
    std::memcpy(&rh, buffer + offset, sizeof rh);
    const std::uint64_t span = align_record(rh.size);
    if (rh.size < sizeof rh || span > cap - offset || span > write - pos) {
      problem(path, "damaged record at position " + std::to_string(pos) + " (size " +
                        std::to_string(rh.size) + "); the rest of this ring is skipped");
      break;
    }
    const std::span<const std::byte> args(buffer + offset + sizeof rh, rh.size - sizeof rh);
    pos += span;
    if (rh.site_id == kControlThreadName) {
      StringLength len = 0;
      if (args.size() >= sizeof len) std::memcpy(&len, args.data(), sizeof len);
      if (args.size() < sizeof len || len > args.size() - sizeof len) continue;
      ring.names.emplace_back(reinterpret_cast<const char*>(args.data() + sizeof len), len);
      ring.infos.push_back(ThreadInfo{ring.index, ring.os_id, ring.names.back()});
    } else if (rh.site_id == kControlContext) {
      ring.contexts.emplace_back().assign_record(args);
      context = &ring.contexts.back();
    } else if (rh.site_id < kFirstControlId) {
      const auto found = sites_.find(rh.site_id);
      if (found == sites_.end()) {
        ++unknown_sites;
        continue;
      }
      records_.push_back({rh.ticks, &found->second->site, &ring.infos.back(), context, args});
    }
  }
  if (unknown_sites > 0) {
    problem(path, std::to_string(unknown_sites) + " records of unknown call sites skipped");
  }
}

void RingDirReader::sort_records() {
  std::stable_sort(records_.begin(), records_.end(),
                   [](const Stranded& a, const Stranded& b) { return a.ticks < b.ticks; });
}

void RingDirReader::for_each(const std::function<void(const LogEvent&)>& f) const {
  for (const Stranded& r : records_) {
    const std::span<const Field> context =
        r.context != nullptr ? r.context->fields() : std::span<const Field>{};
    f(LogEvent(*r.site, *r.thread, r.ticks, anchor_.to_unix_ns(r.ticks), r.args, context,
               &anchor_));
  }
}

}  // namespace ringlog::detail
