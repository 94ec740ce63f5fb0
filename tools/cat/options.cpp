#include "cat/options.h"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "format/text_layout.h"

namespace ringlog::cat {
namespace {

// Every long option, for the "did you mean" hint.
constexpr std::string_view kLongOptions[] = {
    "--help",    "--version", "--json",   "--stats",         "--follow",       "--quiet",
    "--level",   "--since",   "--until",  "--thread",        "--logger",       "--grep",
    "--pattern", "--recover", "--append", "--append-binary", "--service-name", "--host-name"};

// Levenshtein distance; the strings are short command-line words.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1] ? 1 : 0)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// "unknown option '--jsn'; did you mean --json? (see --help)": the closest long option within
// two edits (a typo, a missing dash), else no guess.
std::string unknown_option_message(const std::string& arg, const std::string& name) {
  std::string_view best;
  std::size_t best_distance = 3;
  for (const std::string_view option : kLongOptions) {
    const std::size_t d = edit_distance(name, option);
    if (d < best_distance) {
      best = option;
      best_distance = d;
    }
  }
  std::string message = "unknown option '" + arg + "'";
  if (!best.empty()) message += "; did you mean " + std::string(best) + "?";
  return message + " (see --help)";
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options o;
  bool only_files = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    // "--name=value" or "--name value".
    std::string name = arg, inline_value;
    bool has_inline = false;
    if (!only_files && arg.starts_with("--") && arg.find('=') != std::string::npos) {
      name = arg.substr(0, arg.find('='));
      inline_value = arg.substr(arg.find('=') + 1);
      has_inline = true;
    }
    const auto value = [&]() -> std::string {
      if (has_inline) return inline_value;
      if (i + 1 >= argc) throw UsageError("option " + name + " needs a value");
      return argv[++i];
    };
    if (only_files || arg == "-" || !arg.starts_with("-")) {
      o.inputs.push_back(arg);
    } else if (arg == "--") {
      only_files = true;
    } else if (name == "-h" || name == "--help") {
      o.help = true;
    } else if (name == "-V" || name == "--version") {
      o.version = true;
    } else if (arg == "-j" || arg == "--json") {
      o.json = true;
    } else if (name == "--json") {  // --json=FORMAT
      o.json = true;
      if (inline_value == "otel") {
        o.otel = true;
      } else if (inline_value != "ringlog") {
        throw UsageError("unknown JSON format '" + inline_value + "' (--json, --json=otel)");
      }
    } else if (name == "--service-name") {
      o.service_name = value();
    } else if (name == "--host-name") {
      o.host_name = value();
    } else if (name == "-s" || name == "--stats") {
      o.stats = true;
    } else if (name == "-f" || name == "--follow") {
      o.follow = true;
    } else if (name == "-q" || name == "--quiet") {
      o.quiet = true;
    } else if (name == "-l" || name == "--level") {
      const std::string v = value();
      o.select.min_level = parse_level(v);
      if (!o.select.min_level || *o.select.min_level == Level::off) {
        throw UsageError("unknown level '" + v + "' (trace, debug, info, warn, error, critical)");
      }
    } else if (name == "--since") {
      o.select.since = TimePoint::parse(value());
    } else if (name == "--until") {
      o.select.until = TimePoint::parse(value());
    } else if (name == "-t" || name == "--thread") {
      o.select.threads.push_back(value());
    } else if (name == "-L" || name == "--logger") {
      o.select.loggers.push_back(value());
    } else if (name == "-g" || name == "--grep") {
      o.select.grep = value();
    } else if (name == "-p" || name == "--pattern") {
      o.pattern = value();
      try {
        detail::TextLayout probe(*o.pattern, true);
      } catch (const std::invalid_argument& e) {
        throw UsageError("bad --pattern: " + std::string(e.what()));
      }
    } else if (name == "--recover") {
      o.recover = value();
    } else if (name == "--append") {
      o.append = value();
    } else if (name == "--append-binary") {
      o.append_binary = value();
    } else {
      throw UsageError(unknown_option_message(arg, name));
    }
  }
  if (o.json && o.stats) throw UsageError("--json and --stats do not go together");
  if (!o.otel && (!o.service_name.empty() || !o.host_name.empty())) {
    throw UsageError("--service-name and --host-name go with --json=otel");
  }
  if (o.json && o.pattern) throw UsageError("--pattern applies to text output, not --json");
  if ((o.append_binary || o.append) && !o.recover) {
    throw UsageError("--append and --append-binary go with --recover");
  }
  if (o.append_binary && o.append) throw UsageError("--append or --append-binary, not both");
  if (o.recover && (o.follow || o.stats || !o.inputs.empty())) {
    throw UsageError("--recover DIR takes no FILE, --follow or --stats");
  }
  if (o.append_binary && o.json) throw UsageError("--append-binary and --json do not go together");
  if (o.inputs.empty() && !o.recover) o.inputs.push_back("-");
  return o;
}

const char* help_text() {
  return R"(usage: ringlog-cat [options] [FILE...]

Decodes ringlog binary logs (written by ringlog::binary_file_sink) to text, exactly as the
text file sink would have written the same records, or to JSON Lines. Several files are merged
in time order; records with equal times come from the FILE named first, and each file's records
keep their order. No FILE, or "-", reads standard input.

common tasks:
  ringlog-cat -f app.rlog                       tail a binary log as it grows (and rotates)
  ringlog-cat -l warn --since "2024-05-01 12:00" --until "2024-05-01 13:00" app.rlog
                                                warnings and errors within one hour
  ringlog-cat --json app.rlog | jq -c 'select(.level == "ERROR")'
  ringlog-cat -f --json app.rlog >> collector-input.jsonl
                                                JSON Lines for jq or a log collector
  ringlog-cat -f --json=otel app.rlog >> otel-input.jsonl
                                                OpenTelemetry names for a collector
  ringlog-cat gw.rlog md.rlog.1 md.rlog         merge several files in time order
  ringlog-cat -s app.rlog                       what a log holds: counts, threads, time span

output:
  (default)            text lines, laid out with the pattern and time zone the run used
  -p, --pattern P      lay text out with P instead (fields as in Config::pattern)
  -j, --json           one JSON object per record, as json_file_sink writes it (time, level,
                       logger, thread, tid, source, function, message, context, fields),
                       plus "args": each argument of the message, typed
      --json=otel      one JSON object per record with the OpenTelemetry log data model's
                       names (timestamp in ns, severity_text, severity_number, body,
                       attributes, resource), as json_lines_layout({.otel = true}) writes it,
                       for log collectors (docs/collectors.md)
      --service-name S, --host-name H
                       --json=otel's resource service.name and host.name (default: the
                       program and host that wrote each input)
  -s, --stats          counts per level, call site and thread; bytes per record; time span
filters (all must match; --thread and --logger may be repeated):
  -l, --level LEVEL    records at LEVEL or above (trace debug info warn error critical)
      --since TIME     records at or after TIME
      --until TIME     records before TIME
                       TIME: 2024-05-01, 2024-05-01T12:00:00.5, with optional Z or +02:00;
                       without a zone, in the zone the log prints; or @SECONDS (Unix time)
  -t, --thread NAME    records from the thread with this name or kernel thread id
  -L, --logger NAME    records of this logger
  -g, --grep REGEX     records whose message matches REGEX (POSIX extended)
recovery (Config::ring_dir; see docs/reliability.md):
      --recover DIR    print the records a killed process left in its ring files: DIR is
                       one process's directory (<ring_dir>/<program>.<pid>) or ring_dir itself
                       (every dead process's directory in it). Text, or --json; filters apply.
                       A live process's directory is never read; directories are not changed
                       (remove one once its records are safe). Damage is reported, the rest read.
      --append FILE    with --recover: append the text (or --json) lines to FILE, the log the
                       killed process was writing: a line it left cut is ended first and
                       followed by a line saying it is incomplete, so it never reads as a record
      --append-binary FILE
                       with --recover: append the records to the binary log FILE instead (a new
                       segment, after any unterminated chunk a killed writer left)
other:
  -f, --follow         keep reading as the files grow (and across rotation), like tail -F:
                       a FILE that does not exist yet is waited for
  -q, --quiet          do not report damaged or cut input on stderr (the status still does)
  -h, --help           this text
  -V, --version        version of ringlog-cat and of the binary format it reads

exit status:
  0  every input decoded completely
  1  an input could not be read, or is not a ringlog binary log (or of a newer format)
  2  bad command line
  3  an input is truncated: it ends inside a chunk or without its writer's end marker (the
     writer crashed or is still running); every complete chunk was decoded
  4  damaged data was skipped (checksum failures, lost chunks, repeated chunks: a chunk
     that repeats one already decoded is skipped, not printed twice); decoding went on
  When several apply, the first of 2, 1, 4, 3 wins. Output to a closed pipe (| head) stops
  quietly with the status so far.
)";
}

}  // namespace ringlog::cat
