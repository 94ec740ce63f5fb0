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
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from callgrind_check import add_arguments, callgrind_total, check  # noqa: E402

LAYOUTS = ["text", "binary"]
RECORDS = 20000
# Every drain pass: taking records from the ring, formatting or encoding, the sinks' batch writes.
COUNTED = "ringlog::detail::Backend::drain_pass*"


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_arguments(ap, "the ringlog-perf-backend-loop program")
    ap.add_argument("--breakdown", help="keep the 2N run's callgrind output as FILE.<layout>")
    args = ap.parse_args()

    def per_record(layout):
        def run(records, keep=None):
            return callgrind_total([args.exe, layout, str(records), "{tmp}"], COUNTED, keep)
        keep = f"{args.breakdown}.{layout}" if args.breakdown else None
        # N and 2N records: the difference is the steady-state cost of N records, free of
        # start-up, the first record's caches and the final flush.
        return (run(2 * RECORDS, keep) - run(RECORDS)) / RECORDS, f"backend_{layout}"

    return check(args, LAYOUTS, per_record, "layout", "instr/record")


if __name__ == "__main__":
    sys.exit(main())
