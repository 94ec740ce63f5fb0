#include <dlfcn.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

#include "peers/module.h"
#include "peers/peer.h"

namespace perf {

std::string_view shape_key(Shape shape) noexcept {
  switch (shape) {
    case Shape::three_numbers:
      return "three_numbers";
    case Shape::string20:
      return "string20";
    case Shape::string40:
      return "string40";
    case Shape::string100:
      return "string100";
    case Shape::many_args:
      return "many_args";
    case Shape::disabled:
      return "disabled";
  }
  return "?";
}

std::string_view shape_label(Shape shape) noexcept {
  switch (shape) {
    case Shape::three_numbers:
      return "\"Logging int: {}, int: {}, double: {}\" (3 numbers)";
    case Shape::string20:
      return "one 20-char std::string";
    case Shape::string40:
      return "one 40-char std::string";
    case Shape::string100:
      return "one 100-char std::string";
    case Shape::many_args:
      return "9 mixed arguments";
    case Shape::disabled:
      return "disabled level (debug call, logger at info)";
  }
  return "?";
}

std::vector<PeerInfo>& peer_registry() {
  static std::vector<PeerInfo> peers;
  return peers;
}

namespace {

// Module peers whose module file was missing at start-up: skipped_peers() names them.
std::vector<PeerInfo>& missing_modules() {
  static std::vector<PeerInfo> peers;
  return peers;
}

}  // namespace

bool register_module_peer(const PeerInfo& info) {
  std::error_code ec;
  const bool present = std::filesystem::is_regular_file(std::string(info.module), ec);
  (present ? peer_registry() : missing_modules()).push_back(info);
  return true;
}

std::unique_ptr<Peer> make_peer(const PeerInfo& info) {
  if (info.module.empty()) return info.make();
  const std::string path(info.module);
  // RTLD_NOW: a missing symbol fails here, naming it, not in the middle of a measurement.
  // Loading runs the library's static initialisation (NanoLog's thread starts here).
  void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (module == nullptr) {
    throw std::runtime_error(std::string(info.key) + ": cannot load " + path + ": " + ::dlerror());
  }
  auto* entry = reinterpret_cast<Peer* (*)()>(::dlsym(module, kModuleEntry));
  if (entry == nullptr) {
    throw std::runtime_error(std::string(info.key) + ": " + path + " has no " + kModuleEntry);
  }
  return std::unique_ptr<Peer>(entry());
}

std::vector<const PeerInfo*> select_peers(const std::vector<std::string>& keys) {
  std::vector<const PeerInfo*> out;
  const bool all = std::find(keys.begin(), keys.end(), "all") != keys.end();
  for (const std::string& key : keys) {
    if (key == "all") continue;
    const bool known = std::any_of(peer_registry().begin(), peer_registry().end(),
                                   [&](const PeerInfo& p) { return p.key == key; });
    if (!known) throw std::invalid_argument("unknown or skipped peer '" + key + "'");
  }
  for (const PeerInfo& p : peer_registry()) {
    if (all || std::find(keys.begin(), keys.end(), p.key) != keys.end()) out.push_back(&p);
  }
  // ringlog's peers first, then the others; each group in name order. The ratios are to ours.
  std::stable_sort(out.begin(), out.end(), [](const PeerInfo* a, const PeerInfo* b) {
    const bool ra = a->key.starts_with("ringlog"), rb = b->key.starts_with("ringlog");
    return ra != rb ? ra : a->key < b->key;
  });
  return out;
}

std::vector<std::string> skipped_peers() {
  const auto registered = [](std::string_view key) {
    return std::any_of(peer_registry().begin(), peer_registry().end(),
                       [&](const PeerInfo& p) { return p.key.starts_with(key); });
  };
  const auto missing = [](std::string_view key) {
    return std::any_of(missing_modules().begin(), missing_modules().end(),
                       [&](const PeerInfo& p) { return p.key == key; });
  };
  std::vector<std::string> out;
  for (const PeerInfo& p : missing_modules()) {
    out.push_back(std::string(p.name) + ": skipped, its module " + std::string(p.module) +
                  " is missing (build every target: ninja -C BUILDDIR)");
  }
  if (!registered("spdlog")) {
    out.push_back(
        "spdlog async, spdlog sync: skipped, libspdlog-dev was not found at configure "
        "time (apt-get install libspdlog-dev)");
  }
  if (!registered("quill") && !registered("nanolog") && !missing("nanolog") &&
      !registered("fmtlog")) {
    out.push_back(
        "Quill, NanoLog, fmtlog: skipped; to add them, perf/run --peers DIR (or "
        "RINGLOG_PERF_PEERS=DIR) with DIR holding their checkouts (perf/README.md)");
  } else {
    if (!registered("quill")) out.push_back("Quill: skipped, not in the peers folder");
    if (!registered("nanolog") && !missing("nanolog"))
      out.push_back("NanoLog: skipped, not in the peers folder");
    if (!registered("fmtlog")) out.push_back("fmtlog: skipped, not in the peers folder");
  }
  return out;
}

}  // namespace perf
