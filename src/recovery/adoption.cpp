#include "recovery/adoption.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "recovery/ring_dir_reader.h"
#include "ringlog/detail/log_call.h"
#include "ringlog/logger.h"
#include "runtime/sink_calls.h"
#include "shm/process_identity.h"

namespace ringlog::detail {
namespace {

// The pid at the end of "<program>.<pid>", or 0.
int pid_of_name(const std::string& name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos || dot + 1 == name.size()) return 0;
  char* end = nullptr;
  const long pid = std::strtol(name.c_str() + dot + 1, &end, 10);
  return *end == '\0' && pid > 0 && pid < (1L << 30) ? static_cast<int>(pid) : 0;
}

void remove_tree(const std::string& dir) {
  if (DIR* d = ::opendir(dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      if (std::strcmp(e->d_name, ".") != 0 && std::strcmp(e->d_name, "..") != 0) {
        ::unlink((dir + "/" + e->d_name).c_str());
      }
    }
    ::closedir(d);
  }
  if (::rmdir(dir.c_str()) != 0)
    report_error("ring_dir " + dir + ": cannot remove it after recovery");
}

// The line in front of a dead process's records.
LogEvent announcement(std::vector<std::byte>& args, const ClockAnchor& clock, std::uint64_t count,
                      int pid) {
  static SiteSlot slot;
  static constexpr SourceSite source{__FILE__, "adopt_dead_ring_dirs", __LINE__, Level::warn};
  static constexpr std::string_view kFormat = "recovered {} records from pid {} (killed)";
  static const ThreadInfo thread{0, 0, "recovery"};
  const std::uint32_t id = register_call_site(slot, source, get_logger("ringlog"), kFormat,
                                              Signature<2, std::uint64_t, std::int64_t>::value);
  const auto p = static_cast<std::int64_t>(pid);
  args.resize(record_size(count, p) - sizeof(RecordHeader));
  encode_arg(encode_arg(args.data(), count), p);
  const std::uint64_t ticks = clock.ticks;
  return LogEvent(*find_call_site(id), thread, ticks, clock.unix_ns, args, {}, &clock);
}

void adopt_one(Runtime& rt, const std::string& dir, int pid_in_name) {
  const RingDirReader reader(dir);
  if (reader.usable() && process_alive(reader.pid(), reader.start_time())) return;
  // No readable process file while the named pid runs: maybe a process creating it right now.
  if (!reader.usable() && process_start_time(pid_in_name) != 0) return;
  for (const std::string& p : reader.problems()) report_error("recovery: " + p);
  if (reader.usable()) {
    std::vector<std::byte> args;
    // Stamped with the dead process's clock at its last anchoring: the line sorts with its
    // records, not with this run's.
    write_to_sinks(rt.sinks,
                   announcement(args, reader.anchor(), reader.record_count(), reader.pid()));
    reader.for_each([&](const LogEvent& event) { write_to_sinks(rt.sinks, event); });
    flush_sinks(rt.sinks);
  }
  remove_tree(dir);
}

}  // namespace

void adopt_dead_ring_dirs(Runtime& rt, const std::string& ring_dir) {
  std::vector<std::pair<std::string, int>> dirs;
  if (DIR* d = ::opendir(ring_dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      const std::string path = ring_dir + "/" + e->d_name;
      const int pid = pid_of_name(e->d_name);
      struct stat st {};
      if (pid != 0 && ::lstat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
        dirs.emplace_back(path, pid);
      }
    }
    ::closedir(d);
  }
  std::sort(dirs.begin(), dirs.end());
  for (const auto& [dir, pid] : dirs) adopt_one(rt, dir, pid);
}

}  // namespace ringlog::detail
