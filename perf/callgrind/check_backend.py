#!/usr/bin/env python3
"""Counts the backend's instructions per record under callgrind (perf/callgrind/backend_loop.cpp:
"Iteration: {} int: {} double: {}" to the text and to the binary file sink) and compares them
with the checked-in baseline: fails (exit 1) when a layout grew by more than the tolerance.

Exit 77 (meson's "skipped") when valgrind is missing or the baseline has no entry for this
compiler. --update rewrites this compiler's entries; --breakdown FILE keeps the larger run's
callgrind output (read it with callgrind_annotate --inclusive=yes FILE).
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_instructions import read_baseline, write_baseline  # noqa: E402

LAYOUTS = ["text", "binary"]
RECORDS = 20000
# Every drain pass: taking records from the ring, formatting or encoding, the sinks' batch writes.
COUNTED = "ringlog::detail::Backend::drain_pass*"


def count(exe, layout, records, keep=None):
    with tempfile.TemporaryDirectory(prefix="ringlog-callgrind-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
               f"--toggle-collect={COUNTED}", f"--callgrind-out-file={out}",
               exe, layout, str(records), tmp]
        run = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if run.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stderr[-2000:]}")
        if keep:
            shutil.copyfile(out, keep)
        with open(out) as f:
            for line in f:
                m = re.match(r"(?:summary|totals):\s+(\d+)", line)
                if m:
                    return int(m.group(1))
    sys.exit(f"no totals in callgrind output for {layout}")


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--exe", required=True, help="the ringlog-perf-backend-loop program")
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--compiler", required=True, help="e.g. gcc-12 (baseline key)")
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--breakdown", help="keep the 2N run's callgrind output as FILE.<layout>")
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
    print(f"{'layout':<8} {'instr/record':>12} {'baseline':>9} {'change':>8}")
    for layout in LAYOUTS:
        keep = f"{args.breakdown}.{layout}" if args.breakdown else None
        # N and 2N records: the difference is the steady-state cost of N records, free of
        # start-up, the first record's caches and the final flush.
        per_record = (count(args.exe, layout, 2 * RECORDS, keep) -
                      count(args.exe, layout, RECORDS)) / RECORDS
        key = f"backend_{layout}"
        measured[(args.compiler, key)] = per_record
        base = baseline.get((args.compiler, key))
        change = "" if base is None else f"{(per_record / base - 1) * 100:+.1f}%"
        print(f"{layout:<8} {per_record:>12.1f} {base if base is not None else '-':>9} {change:>8}")
        if base is not None and per_record > base * (1 + args.tolerance):
            failed.append(layout)

    if args.update:
        baseline.update(measured)
        with open(args.baseline) as f:
            header = "".join(l for l in f if l.startswith("#"))
        write_baseline(args.baseline, baseline, header)
        print(f"updated {args.baseline}")
        return 0
    if failed:
        print(f"FAIL: backend cost grew by more than {args.tolerance:.0%} for: {', '.join(failed)}")
        print("If the growth is intended, rerun with --update and commit the baseline.")
        return 1
    print(f"OK: every layout within {args.tolerance:.0%} of the baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
