#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

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

std::vector<std::string_view> skipped_peers() {
  const auto registered = [](std::string_view key) {
    return std::any_of(peer_registry().begin(), peer_registry().end(),
                       [&](const PeerInfo& p) { return p.key.starts_with(key); });
  };
  std::vector<std::string_view> out;
  if (!registered("spdlog")) {
    out.push_back(
        "spdlog async, spdlog sync: skipped, libspdlog-dev was not found at configure "
        "time (apt-get install libspdlog-dev)");
  }
  if (!registered("quill") && !registered("nanolog") && !registered("fmtlog")) {
    out.push_back(
        "Quill, NanoLog, fmtlog: skipped; to add them, perf/run --peers DIR (or "
        "RINGLOG_PERF_PEERS=DIR) with DIR holding their checkouts (perf/README.md)");
  } else {
    if (!registered("quill")) out.push_back("Quill: skipped, not in the peers folder");
    if (!registered("nanolog")) out.push_back("NanoLog: skipped, not in the peers folder");
    if (!registered("fmtlog")) out.push_back("fmtlog: skipped, not in the peers folder");
  }
  return out;
}

}  // namespace perf
