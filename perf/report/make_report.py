#!/usr/bin/env python3
"""Turns one perf/run output directory into report.md plus gnuplot plots (PNG).

Inputs in the directory (each optional; a missing one is reported as not run):
  machine.txt        "key: value" lines written by perf/run
  latency.jsonl      ringlog-perf-latency --json
  throughput.jsonl   ringlog-perf-throughput --json
  overload.jsonl     ringlog-perf-overload --json
  memory.jsonl       ringlog-perf-memory --json
  cases.jsonl        ringlog-perf-context and ringlog-perf-types --json
  binary_sink.jsonl  ringlog-perf-binary-sink --json
  instructions.txt   output of callgrind/check_instructions.py
  micro.json         ringlog-perf-micro --benchmark_format=json
  binary_codec.json  ringlog-perf-binary-codec --benchmark_format=json
  *.out              the programs' own console output (linked, not parsed)
"""
import json
import math
import os
import subprocess
import sys

from formats import ns, ratio
from targets import find, peer_targets

HERE = os.path.dirname(os.path.abspath(__file__))


def load_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def load_machine(path):
    info = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if ":" in line:
                    k, v = line.split(":", 1)
                    info[k.strip()] = v.strip()
    return info


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- latency

def latency_section(lat, plots):
    if not lat:
        return "## Hot-path latency\n\nNot run.\n"
    first = lat[0]
    s = ["## Hot-path latency\n"]
    s.append(
        f"Nanoseconds per call as the caller sees it, **net** of the timing itself: `rdtscp; lfence` "
        f"before and after each call, minus the median cost of timing an empty statement the same "
        f"way ({first['timing_overhead_ns']:.1f} ns here, minimum {first['timing_overhead_min_ns']:.1f} ns). "
        f"Calls come in bursts of {first['burst']} with {first['pause_us']} µs spinning pauses so every "
        f"backend keeps up; {first['samples_per_thread']:,} timed calls per thread per run after a warm-up; "
        f"each percentile is the median over {first['reps']} runs. Producers "
        f"{'pinned to CPUs' if first['pinned'] else 'not pinned'}. The TSC on this CPU advances in steps "
        f"of {first['tsc_step_ns']:.1f} ns, so single-call percentiles are multiples of that step; the "
        f"**IQM** column (mean of the samples between p25 and p75, net of the same for the empty timing) "
        f"is not quantised and is the better estimate of a typical call. Ratios are the peer's figure "
        f"divided by ringlog async's in the same run (higher = ringlog is faster).\n")
    if first["cpus"] <= 2:
        s.append(f"**This machine has {first['cpus']} cores**: with 2 producer threads, the producers "
                 f"and each peer's backend thread share them, which shows in the tails.\n")
    order = []
    for r in lat:
        if (r["threads"], r["shape"]) not in order:
            order.append((r["threads"], r["shape"]))
    for threads, shape in order:
        rows = [r for r in lat if r["threads"] == threads and r["shape"] == shape]
        s.append(f"### {threads} thread{'s' if threads > 1 else ''}: {rows[0]['shape_label']}\n")
        header = ["peer", "p50", "p75", "p90", "p99", "p99.9", "p99.99", "max", "IQM",
                  "p50 ÷ ours", "p99.9 ÷ ours"]
        body = []
        for r in rows:
            v = r["ns"]
            body.append([r["peer_name"]] + [ns(x) for x in v] + [f"{r['iqm_ns']:.1f}",
                        ratio(r["ratio_p50_to_ringlog"]), ratio(r["ratio_p999_to_ringlog"])])
        s.append(table(header, body))
    s.append(burst_split_table(lat, order))
    for p in plots:
        s.append(f"![{p[1]}]({p[0]})\n")
    return "\n".join(s)


def burst_split_table(lat, order):
    """The tail split by burst position (perf/common/burst_position.h), when the JSON has it."""
    rows = [r for r in lat if "first_call_ns" in r]
    if not rows:
        return ""
    burst = rows[0]["burst"]
    body = []
    for threads, shape in order:
        for r in rows:
            if r["threads"] == threads and r["shape"] == shape:
                first, other = r["first_call_ns"], r["other_calls_ns"]
                share = r.get("first_call_share_above_p999")
                body.append([f"{threads}", r["shape_label"], r["peer_name"]] +
                            [ns(x) for x in first] + [ns(x) for x in other] +
                            [f"{100 * share:.0f} %" if share is not None else "–"])
    return ("### Where the tail comes from\n\n"
            f"The same samples split by their place in the burst: the first call after each "
            f"{rows[0]['pause_us']} µs pause, and the {burst - 1} calls that follow it. "
            f"**Share**: of the calls slower than the run's p99.9, the fraction that are first "
            f"calls ({100 / burst:.0f} % if the place did not matter). Medians over rounds, ns.\n\n"
            + table(["thr", "message", "peer", "first p50", "first p99", "first p99.9",
                     "others p50", "others p99", "others p99.9", "share"], body))


def latency_plots(lat, outdir):
    """One PNG per thread count: a percentile curve per peer for each shape (log y)."""
    made = []
    threads_list = sorted({r["threads"] for r in lat})
    for threads in threads_list:
        rows = [r for r in lat if r["threads"] == threads]
        shapes = []
        for r in rows:
            if r["shape"] not in shapes:
                shapes.append(r["shape"])
        peers = []
        for r in rows:
            if r["peer_name"] not in peers:
                peers.append(r["peer_name"])
        dat = os.path.join(outdir, f"latency_{threads}t.dat")
        with open(dat, "w") as f:
            for shape in shapes:
                for peer in peers:
                    r = next((x for x in rows if x["shape"] == shape and x["peer_name"] == peer), None)
                    f.write(f"# {shape} {peer}\n")
                    if r:
                        for p, v in zip(r["curve_percentiles"], r["curve_ns"]):
                            x = 5.0 if p >= 100 else -math.log10(1 - p / 100) if p > 0 else 0.0
                            f.write(f"{x:.4f} {max(v, 0.5):.2f}\n")
                    f.write("\n\n")
        png = f"latency_{threads}t.png"
        cols = 3
        rows_n = (len(shapes) + cols - 1) // cols
        gp = [f"set terminal pngcairo size 1500,{430 * rows_n} font ',10'",
              f"set output '{os.path.join(outdir, png)}'",
              f"set multiplot layout {rows_n},{cols} title 'Hot-path latency per call, {threads} producer thread(s), ns (log), net of timing'",
              "set termoption noenhanced", "set logscale y", "set format y '%g'", "set grid",
              "set key top left font ',8'",
              "set xtics ('p0' 0, 'p50' 0.301, 'p90' 1, 'p99' 2, 'p99.9' 3, 'p99.99' 4, 'max' 5)",
              "set xrange [0:5]", "set ylabel 'ns'"]
        n = 0
        for si, shape in enumerate(shapes):
            gp.append(f"set title '{shape}'")
            plots = []
            for pi, peer in enumerate(peers):
                idx = si * len(peers) + pi
                plots.append(f"'{dat}' index {idx} using 1:2 with linespoints lw 2 pt 7 ps 0.6 title '{peer}'")
            gp.append("plot " + ", ".join(plots))
            n += 1
        gp.append("unset multiplot")
        if run_gnuplot(gp, outdir, f"latency_{threads}t"):
            made.append((png, f"latency percentiles, {threads} thread(s)"))
    return made


def run_gnuplot(lines, outdir, name):
    script = os.path.join(outdir, name + ".gp")
    with open(script, "w") as f:
        f.write("\n".join(lines) + "\n")
    try:
        subprocess.run(["gnuplot", script], check=True, stderr=subprocess.PIPE, text=True)
        return True
    except FileNotFoundError:
        print("make_report: gnuplot not found (apt-get install gnuplot-nox): no plots", file=sys.stderr)
    except subprocess.CalledProcessError as e:
        print(f"make_report: gnuplot failed on {script}:\n{e.stderr}", file=sys.stderr)
    return False


# ---------------------------------------------------------------- throughput

def throughput_section(tp, outdir):
    if not tp:
        return "## Throughput\n\nNot run.\n"
    s = ["## Throughput\n",
         "One thread logs `\"Iteration: {} int: {} double: {}\"`; timed from the first call until the "
         "peer reports everything handed to the OS (`ringlog::flush()`; spdlog async: its flush "
         "request, then the worker joined and the file closed; Quill: `flush_log()`; NanoLog: "
         "`sync()`; fmtlog: its polling thread stopped after its last poll, file closed), blocking "
         "when a queue is full, then the records are counted in the output (NanoLog's through its "
         "decompressor) and must equal the number logged. Median over "
         f"{max(r['reps'] for r in tp)} runs taken in rounds (every peer once per round, so a slow "
         "spell of the shared machine hits all alike; the synchronous peers, slow and outside "
         "the targets, run in fewer rounds spread over the run), each run after a `sync()` so "
         "none pays for the previous run's writeback. Nothing is fsync'ed (same for every peer). "
         "The min–max column is the spread over the rounds: on this shared VM a peer's rounds "
         "can differ by 2×, so compare peers by the per-round ratios of the Targets table.\n"]
    body = []
    for r in tp:
        runs = r["mrecords_per_s_per_rep"]
        body.append([r["peer_name"], f"{r['records']:,}", f"{r['mrecords_per_s']:.2f}",
                     f"{min(runs):.2f}–{max(runs):.2f}", " / ".join(f"{x:.2f}" for x in runs),
                     f"{r['mb_per_s']:.0f}", f"{r['bytes'] / r['records']:.0f}",
                     ratio(r["ratio_to_ringlog"]) if r["ratio_to_ringlog"] else "-",
                     "ok" if r["count_ok"] else "**MISMATCH**"])
    s.append(table(["peer", "records", "M records/s (median)", "min–max", "per round", "MB/s",
                    "bytes/record", "÷ ringlog async", "count check"], body))
    dat = os.path.join(outdir, "throughput.dat")
    with open(dat, "w") as f:
        for r in tp:
            f.write(f"\"{r['peer_name']}\" {r['mrecords_per_s']:.3f}\n")
    gp = [f"set terminal pngcairo size 900,500 font ',10' noenhanced",
          f"set output '{os.path.join(outdir, 'throughput.png')}'",
          "set title 'Throughput to a file until written (median), M records/s'",
          "set style fill solid 0.7", "set boxwidth 0.6", "set grid ytics", "set yrange [0:*]",
          "unset key", f"plot '{dat}' using 0:2:xtic(1) with boxes lc rgb '#3465a4', "
          f"'' using 0:2:(sprintf('%.2f', $2)) with labels offset 0,1"]
    if run_gnuplot(gp, outdir, "throughput"):
        s.append("![throughput](throughput.png)\n")
    return "\n".join(s)


# ---------------------------------------------------------------- overload and memory

def overload_section(ov, outdir):
    if not ov:
        return "## Burst and overload\n\nNot run.\n"
    s = ["## Burst and overload (ringlog)\n"]
    bursts = [r for r in ov if r["kind"] == "burst"]
    if bursts:
        b = bursts[0]
        s.append(f"One thread logs a burst of {b['burst']:,} records into a {b['ring_kib']} KiB ring "
                 f"(~{b['burst'] * 32 / (b['ring_kib'] * 1024):.0f}× its size) as fast as it can. "
                 "Caller latency is gross (includes ~20 ns of timing). *Exact* means: records in the "
                 "file + `ringlog::stats().dropped` = records logged, and the backend's "
                 "`dropped N records` lines add up to the same N.\n")
        body = []
        for r in bursts:
            v = r["ns"]
            body.append([r["policy"], f"{r['seconds'] * 1e3:.1f}", f"{r['records_in_file']:,}",
                         f"{r['dropped']:,}", "yes" if r["exact"] else "**NO**", ns(v[0]), ns(v[3]),
                         ns(v[4]), ns(v[6]), f"{r['rss_before_kib']:,}", f"{r['peak_rss_kib']:,}"])
        s.append(table(["policy", "burst ms", "in file", "dropped", "exact", "p50 ns", "p99 ns",
                        "p99.9 ns", "max", "RSS before KiB", "peak RSS KiB"], body))
    sus = [r for r in ov if r["kind"] == "sustained"]
    if sus:
        s.append(f"\nSustained overload: one thread logs flat out for {sus[0]['seconds']:.1f} s "
                 f"({sus[0]['ring_kib']} KiB ring) while RSS is sampled; memory stays flat because "
                 "the rings are fixed-size and nothing is allocated under pressure.\n")
        body = []
        for r in sus:
            body.append([r["policy"], f"{r['attempted']:,}", f"{r['records_in_file']:,}",
                         f"{r['dropped']:,}", "yes" if r["exact"] else "**NO**",
                         f"{min(r['rss_kib']):,.0f}", f"{max(r['rss_kib']):,.0f}"])
        s.append(table(["policy", "logged", "in file", "dropped", "exact", "RSS min KiB",
                        "RSS max KiB"], body))
        dat = os.path.join(outdir, "rss.dat")
        with open(dat, "w") as f:
            for r in sus:
                f.write(f"# {r['policy']}\n")
                for t, v in zip(r["t_ms"], r["rss_kib"]):
                    f.write(f"{t / 1000:.3f} {v / 1024:.3f}\n")
                f.write("\n\n")
        plots = ", ".join(f"'{dat}' index {i} using 1:2 with lines lw 2 title '{r['policy']} policy'"
                          for i, r in enumerate(sus))
        gp = [f"set terminal pngcairo size 900,450 font ',10' noenhanced",
              f"set output '{os.path.join(outdir, 'rss_overload.png')}'",
              "set title 'RSS under sustained overload (one thread logging flat out)'",
              "set xlabel 'seconds'", "set ylabel 'RSS MiB'", "set yrange [0:*]", "set grid",
              "set key bottom right", "plot " + plots]
        if run_gnuplot(gp, outdir, "rss_overload"):
            s.append("![RSS under overload](rss_overload.png)\n")
    return "\n".join(s)


def memory_section(mem):
    if not mem:
        return "## Memory\n\nNot run.\n"
    s = ["## Memory against ring size and threads\n",
         "Peak RSS of a process that starts ringlog and logs from T threads whose rings all live "
         "at once; *delta* = peak RSS − RSS before `start()`; *rings* = T × ring size (each ring is "
         "touched up-front so the hot path never page-faults).\n"]
    body = [[r["ring_kib"], r["threads"], f"{r['peak_rss_kib']:,}", f"{r['delta_kib']:,}",
             f"{r['rings_kib']:,}", f"{r['delta_kib'] - r['rings_kib']:,}"] for r in mem]
    s.append(table(["ring KiB", "threads", "peak RSS KiB", "delta KiB", "rings KiB",
                    "delta − rings KiB"], body))
    return "\n".join(s)


def instructions_section(path):
    if not os.path.exists(path):
        return "## Instructions per call (callgrind)\n\nNot run.\n"
    with open(path) as f:
        text = f.read().rstrip()
    return ("## Instructions per call (callgrind)\n\n"
            "Deterministic on a noisy machine: `valgrind --tool=callgrind` counts only the hot loop "
            "(`--toggle-collect`), the difference of two runs (N and 2N calls) divided by N. Checked "
            "against `perf/callgrind/baseline.txt` by `meson test --suite perf-check` (fails above "
            "+10%).\n\n```\n" + text + "\n```\n")


def cases_section(cases):
    if not cases:
        return "## ringlog alone: context and user types\n\nNot run.\n"
    body = [[r["program"], r["case"], f"{r['iqm_ns']:.1f}", ns(r["p50_ns"]), ns(r["p90_ns"]),
             ns(r["p99_ns"]), ns(r["p999_ns"])] for r in cases]
    return ("## ringlog alone: context and user types\n\n"
            "One call's latency, the latency method (bursts of 20, net of the timing, medians over "
            f"{cases[0]['reps']} repetitions of {cases[0]['samples']:,} calls), with a sink that "
            "discards: what a `Context` scope, `kv()` fields, a described struct, a vector or an "
            "enum name add to the caller (`perf/context`, `perf/types`).\n\n"
            + table(["program", "case", "IQM ns", "p50", "p90", "p99", "p99.9"], body))


def binary_sink_section(rows):
    if not rows:
        return "## Binary sink end to end\n\nNot run.\n"
    body = [[r["shape"], r["sink"], f"{r['mrecords_per_s']:.2f}",
             f"{r['backend_cpu_ns_per_record']:.0f}", f"{r['bytes_per_record']:.1f}",
             "ok" if r["count_ok"] else "**LOST**"] for r in rows]
    return ("## Binary sink end to end\n\n"
            f"One producer logs {rows[0]['records']:,} records (block policy) to a sink that "
            "discards, the text file sink and the binary sink; timed until `flush()` returns, then "
            "the file is decoded or its lines counted. *Backend CPU* is the backend thread's own CPU "
            "time per record from the scheduler (`/proc/self/task/*/schedstat`): waiting for a CPU "
            "on this shared machine does not inflate it. Median of "
            f"{rows[0]['reps']} runs (`perf/binary`).\n\n"
            + table(["shape", "sink", "M records/s", "backend CPU ns/record", "bytes/record",
                     "count"], body))


def micro_section(path, title="Micro-benchmarks (Google Benchmark)",
                  what="Pieces in isolation (`perf/micro/`)"):
    if not os.path.exists(path):
        return f"## {title}\n\nNot run.\n"
    with open(path) as f:
        data = json.load(f)
    body = []
    for b in data.get("benchmarks", []):
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        extra = f"{b['items_per_second'] / 1e6:.1f} M/s" if "items_per_second" in b else ""
        body.append([b["name"], f"{b['real_time']:.1f}", f"{b['cpu_time']:.1f}", extra])
    return (f"## {title}\n\n"
            f"{what}; times in ns per iteration. Real time above CPU "
            "time means the process was preempted (the machine is shared).\n\n"
            + table(["benchmark", "real ns", "CPU ns", "rate"], body))


# ---------------------------------------------------------------- summary

def summary_section(lat, tp):
    """Every peer in one table: the two messages of the comparison, 1 and 2 threads, and
    throughput. The top-level README's performance table is this one, copied."""
    if not lat and not tp:
        return ""
    cols = [(1, "three_numbers"), (1, "string40"), (2, "three_numbers"), (2, "string40")]
    names = {"three_numbers": "3 numbers", "string40": "40-char string"}
    peers = []
    for r in lat + tp:
        if r["peer"] not in [p for p, _ in peers]:
            peers.append((r["peer"], r["peer_name"]))
    header = ["peer"] + [f"{names[s]}, {t} thr: p50 / p99.9 (IQM)" for t, s in cols] + [
        "p99.9 ÷ ours (3 numbers, 1 thr)", "M records/s", "÷ ours", "bytes/record", "verified"]
    body = []
    for key, name in peers:
        row = [name]
        for t, shape in cols:
            r = find(lat, key, t, shape)
            row.append(f"{ns(r['ns'][0])} / {ns(r['ns'][4])} ({r['iqm_ns']:.1f})" if r else "—")
        r = find(lat, key, 1, "three_numbers")
        row.append(ratio(r["ratio_p999_to_ringlog"]) if r else "—")
        t = next((x for x in tp if x["peer"] == key), None)
        if t:
            row += [f"{t['mrecords_per_s']:.2f}", ratio(t["ratio_to_ringlog"]),
                    f"{t['bytes'] / t['records']:.0f}",
                    f"{t['records'] / 1e6:g}M ok" if t["count_ok"] else "**MISMATCH**"]
        else:
            row += ["—"] * 4
        body.append(row)
    first = lat[0] if lat else None
    method = (f"Latency: ns per call net of the timing, median of {first['reps']} rounds of "
              f"{first['samples_per_thread']:,} calls per thread, bursts of {first['burst']} with "
              f"{first['pause_us']} µs pauses. " if first else "")
    if tp:
        method += (f"Throughput: {tp[0]['records']:,} records to a file (sync peers: "
                   "fewer, see the throughput table), median of rounds, every record counted. ")
    return ("## Summary\n\n" + method + "Ratios are to ringlog async in this run.\n\n"
            + table(header, body))


# ---------------------------------------------------------------- targets

def targets_section(lat, tp):
    rows = []

    def add(name, measured, ok):
        rows.append([name, measured, "**met**" if ok else "**not met**" if ok is not None else "n/a"])

    ours = find(lat, "ringlog_async", 1, "three_numbers")
    if ours:
        p50, p999 = ours["ns"][0], ours["ns"][4]
        add("ringlog p50 ≤ 15 ns net, 3 numbers, 1 thread",
            f"p50 {ns(p50)} ns (TSC step {ours['tsc_step_ns']:.0f} ns; IQM {ours['iqm_ns']:.1f} ns)",
            p50 <= 15)
        add("ringlog p99.9 ≤ 60 ns net, 3 numbers, 1 thread", f"p99.9 {ns(p999)} ns", p999 <= 60)
        for peer, label in (("spdlog_async", "spdlog async"),):
            r = find(lat, peer, 1, "three_numbers")
            if r:
                add(f"ringlog p50 ≤ 0.1× {label}", f"{label} p50 = {ratio(r['ratio_p50_to_ringlog'])} ours",
                    r["ratio_p50_to_ringlog"] >= 10)
                add(f"ringlog p99.9 ≤ 0.05× {label}",
                    f"{label} p99.9 = {ratio(r['ratio_p999_to_ringlog'])} ours",
                    r["ratio_p999_to_ringlog"] >= 20)
        for peer, label in (("ringlog_sync", "ringlog sync"), ("spdlog_sync", "spdlog sync")):
            r = find(lat, peer, 1, "three_numbers")
            if r:
                add(f"ringlog async p50 ≥ 50× better than {label}",
                    f"{label} p50 = {ratio(r['ratio_p50_to_ringlog'])} ours",
                    r["ratio_p50_to_ringlog"] >= 50)
    t_ours = next((r for r in tp if r["peer"] == "ringlog_async"), None)
    t_spd = next((r for r in tp if r["peer"] == "spdlog_async"), None)
    if t_ours and t_spd:
        add("text throughput ≥ 2× spdlog async",
            f"{t_ours['mrecords_per_s']:.2f} vs {t_spd['mrecords_per_s']:.2f} M records/s = "
            f"{t_ours['mrecords_per_s'] / t_spd['mrecords_per_s']:.2f}×",
            t_ours["mrecords_per_s"] >= 2 * t_spd["mrecords_per_s"])
    peer_targets(lat, tp, add)
    if not rows:
        return ""
    return ("## Targets\n\nThe targets and where they come from: `perf/README.md`.\n\n"
            + table(["target", "measured (this run)", ""], rows))


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make_report.py <perf/out/RUN directory>")
    outdir = os.path.abspath(sys.argv[1])
    m = load_machine(os.path.join(outdir, "machine.txt"))
    lat = load_jsonl(os.path.join(outdir, "latency.jsonl"))
    tp = load_jsonl(os.path.join(outdir, "throughput.jsonl"))
    ov = load_jsonl(os.path.join(outdir, "overload.jsonl"))
    mem = load_jsonl(os.path.join(outdir, "memory.jsonl"))
    parts = [f"# ringlog benchmark report\n",
             f"Generated by `perf/run{' --quick' if m.get('mode') == 'quick' else ''}` on {m.get('date', '?')} "
             f"at commit `{m.get('commit', '?')}`. Rerun it yourself with `perf/run` (full: at most "
             f"10 minutes on this machine) or `perf/run --quick` (about a minute, smaller samples); "
             f"every table below comes from that one run, and the raw output of each program is "
             f"kept next to this report in `perf/out/<run>/`.\n",
             "## Machine\n",
             table(["", ""], [[k, f"`{v}`" if k in ("flags", "compiler") else v] for k, v in m.items()
                              if k not in ("mode", "budget")])]
    skipped = m.get("skipped")
    parts.append(summary_section(lat, tp))
    parts.append(targets_section(lat, tp))
    parts.append(latency_section(lat, latency_plots(lat, outdir) if lat else []))
    parts.append(throughput_section(tp, outdir))
    parts.append(overload_section(ov, outdir))
    parts.append(memory_section(mem))
    parts.append(instructions_section(os.path.join(outdir, "instructions.txt")))
    parts.append(cases_section(load_jsonl(os.path.join(outdir, "cases.jsonl"))))
    parts.append(binary_sink_section(load_jsonl(os.path.join(outdir, "binary_sink.jsonl"))))
    parts.append(micro_section(os.path.join(outdir, "micro.json")))
    parts.append(micro_section(os.path.join(outdir, "binary_codec.json"),
                               "Binary codec (Google Benchmark)",
                               "The binary log's writer and reader alone (`perf/binary/`)"))
    if skipped:
        parts.append(f"\nSkipped: {skipped}\n")
    with open(os.path.join(outdir, "report.md"), "w") as f:
        f.write("\n".join(p for p in parts if p))
    print(os.path.join(outdir, "report.md"))


if __name__ == "__main__":
    main()
