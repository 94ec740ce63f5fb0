#!/usr/bin/env python3
"""Counts the instructions of one hot-path log call under callgrind and compares them with the
checked-in baseline: fails (exit 1) when a shape grew by more than the tolerance.

Exit 77 (meson's "skipped") when valgrind is missing or the baseline has no entry for this
compiler. --update rewrites the baseline entries of this compiler with the measured counts.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from callgrind_check import add_arguments, callgrind_total, check  # noqa: E402

SHAPES = [
    "three_numbers", "string40", "many_args", "disabled",
    "struct4", "fields4", "vector10", "enum_name", "enum_int", "own_sinks", "backtrace_kept",
    "every_n_suppressed", "every_suppressed", "once_suppressed", "every_n_passing",
]
CALLS = 2000


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    add_arguments(ap, "the ringlog-perf-hot-loop program")
    args = ap.parse_args()

    def per_call(shape):
        # Two counts, one with twice the calls: their difference is the steady-state cost of
        # CALLS calls, free of the loop's fixed entry/exit instructions.
        def run(calls):
            return callgrind_total([args.exe, shape, str(calls)], "ringlog_perf_loop_*")
        return (run(2 * CALLS) - run(CALLS)) / CALLS, shape

    return check(args, SHAPES, per_call, "shape", "instr/call")


if __name__ == "__main__":
    sys.exit(main())
