#!/usr/bin/env python3
"""Counts the instructions of one hot-path log call under callgrind and compares them with the
checked-in baseline: fails (exit 1) when a shape grew by more than the tolerance.

Exit 77 (meson's "skipped") when valgrind is missing or the baseline has no entry for this
compiler. --update rewrites the baseline entries of this compiler with the measured counts.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

SHAPES = [
    "three_numbers", "string40", "many_args", "disabled",
    "struct4", "fields4", "vector10", "enum_name", "enum_int", "own_sinks", "backtrace_kept",
    "every_n_suppressed", "every_suppressed", "once_suppressed", "every_n_passing",
]
CALLS = 2000


def count(exe, shape, calls):
    with tempfile.TemporaryDirectory(prefix="ringlog-callgrind-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
               "--toggle-collect=ringlog_perf_loop_*", f"--callgrind-out-file={out}",
               exe, shape, str(calls)]
        run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stderr[-2000:]}")
        with open(out) as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    sys.exit(f"no totals in callgrind output for {shape}")


def read_baseline(path):
    entries = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: expected '<compiler> <shape> <instructions per call>'")
            entries[(parts[0], parts[1])] = float(parts[2])
    return entries


def write_baseline(path, entries, header):
    with open(path, "w") as f:
        f.write(header)
        for (compiler, shape), value in sorted(entries.items()):
            f.write(f"{compiler} {shape} {value:.1f}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--exe", required=True, help="the ringlog-perf-hot-loop program")
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--compiler", required=True, help="e.g. gcc-12 (baseline key)")
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--update", action="store_true")
    args = ap.parse_args()

    if shutil.which("valgrind") is None:
        print("SKIP: valgrind not installed (apt-get install valgrind)")
        return 77
    baseline = read_baseline(args.baseline)
    if not args.update and not any(c == args.compiler for c, _ in baseline):
        print(f"SKIP: {args.baseline} has no entry for {args.compiler}; record one with --update")
        return 77

    failed = []
    measured = {}
    print(f"{'shape':<18} {'instr/call':>10} {'baseline':>9} {'change':>8}")
    for shape in SHAPES:
        # Two counts, one with twice the calls: their difference is the steady-state cost of
        # CALLS calls, free of the loop's fixed entry/exit instructions.
        per_call = (count(args.exe, shape, 2 * CALLS) - count(args.exe, shape, CALLS)) / CALLS
        measured[(args.compiler, shape)] = per_call
        base = baseline.get((args.compiler, shape))
        change = "" if base is None else f"{(per_call / base - 1) * 100:+.1f}%"
        print(f"{shape:<18} {per_call:>10.1f} {base if base is not None else '-':>9} {change:>8}")
        if base is not None and per_call > base * (1 + args.tolerance):
            failed.append(shape)

    if args.update:
        baseline.update(measured)
        with open(args.baseline) as f:
            header = "".join(l for l in f if l.startswith("#"))
        write_baseline(args.baseline, baseline, header)
        print(f"updated {args.baseline}")
        return 0
    if failed:
        print(f"FAIL: hot path grew by more than {args.tolerance:.0%} for: {', '.join(failed)}")
        print("If the growth is intended, rerun with --update and commit the baseline.")
        return 1
    print(f"OK: every shape within {args.tolerance:.0%} of the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
