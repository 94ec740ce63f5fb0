#!/usr/bin/env python3
"""Counts the instructions of one log call of ringlog and of each peer (Quill, NanoLog, fmtlog:
built with -Dperf_peers) under callgrind, every one through its perf/peers adapter in the same
loop (perf/callgrind/peer_hot_loop.cpp). A report for perf/run, not a check: the peers' counts
are theirs. Deterministic, so it compares the hot paths whatever the machine's load.

Exit 77 (skipped) when valgrind or the program is missing.
"""
import argparse
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from callgrind_check import callgrind_total  # noqa: E402

PEERS = ["ringlog_async", "quill", "fmtlog", "nanolog"]
SHAPES = ["three_numbers", "string40"]
# Small enough that Quill's first 128 KiB queue takes every call of the longer run without
# growing (its growth would be counted as its hot path).
CALLS = 500


def registered(exe, peer):
    # The program exits 1 for a peer the build skipped, before starting anything.
    run = subprocess.run([exe, peer, "disabled", "0", "/tmp"], stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    return run.returncode == 0


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--exe", required=True, help="the ringlog-perf-peer-hot-loop program")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("SKIP: valgrind not installed (apt-get install valgrind)")
        return 77
    if not os.access(args.exe, os.X_OK):
        print(f"SKIP: {args.exe} not built")
        return 77

    def per_call(peer, shape):
        # As check_instructions.py: the difference of two runs, one with twice the calls, is
        # the steady-state cost of CALLS calls, free of the first call's registration.
        def run(calls):
            return callgrind_total([args.exe, peer, shape, str(calls), "{tmp}"],
                                   "*perf_counted_calls*")
        return (run(2 * CALLS) - run(CALLS)) / CALLS

    peers = [p for p in PEERS if registered(args.exe, p)]
    print("instructions per call, every logger through its perf/peers adapter "
          "(callgrind, -O2 without -march=native)")
    print(f"{'shape':<16}" + "".join(f" {p:>14}" for p in peers))
    for shape in SHAPES:
        print(f"{shape:<16}" + "".join(f" {per_call(p, shape):>14.1f}" for p in peers))
    missing = [p for p in PEERS if p not in peers]
    if missing:
        print(f"not built: {', '.join(missing)} (configure with -Dperf_peers=DIR)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
