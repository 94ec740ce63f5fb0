"""What the callgrind checks share: counting the instructions a program runs inside the
functions named by a toggle, the baseline file (one '<compiler> <name> <value>' per line), and
the compare-or-update step that ends each check.

Used by check_instructions.py (one hot-path call) and check_backend.py (one backend record).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def callgrind_total(program_args, toggle, keep=None):
    """Instructions run inside functions matching `toggle` by `program_args`. The program may
    take the scratch directory as '{tmp}' in its arguments. `keep`: copy the callgrind output
    there (for callgrind_annotate)."""
    with tempfile.TemporaryDirectory(prefix="ringlog-callgrind-") as tmp:
        out = os.path.join(tmp, "callgrind.out")
        cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no",
               f"--toggle-collect={toggle}", f"--callgrind-out-file={out}"]
        cmd += [a.replace("{tmp}", tmp) for a in program_args]
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
    sys.exit(f"no totals in callgrind output of {' '.join(program_args)}")


def read_baseline(path):
    entries = {}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 3:
                sys.exit(f"{path}:{n}: expected '<compiler> <name> <instructions>'")
            entries[(parts[0], parts[1])] = float(parts[2])
    return entries


def write_baseline(path, entries, header):
    with open(path, "w") as f:
        f.write(header)
        for (compiler, name), value in sorted(entries.items()):
            f.write(f"{compiler} {name} {value:.1f}\n")


def add_arguments(ap, exe_help):
    ap.add_argument("--exe", required=True, help=exe_help)
    ap.add_argument("--baseline", required=True)
    ap.add_argument("--compiler", required=True, help="e.g. gcc-12 (baseline key)")
    ap.add_argument("--tolerance", type=float, default=0.10)
    ap.add_argument("--update", action="store_true")


def check(args, names, measure, what, unit):
    """Measures each name (measure(name) -> instructions per unit, baseline key), prints a
    table, and compares with the baseline or rewrites it (--update). Returns the exit code:
    0 ok, 1 grown beyond the tolerance, 77 skipped (no valgrind, no entry for this compiler)."""
    if shutil.which("valgrind") is None:
        print("SKIP: valgrind not installed (apt-get install valgrind)")
        return 77
    baseline = read_baseline(args.baseline)
    if not args.update and not any(c == args.compiler for c, _ in baseline):
        print(f"SKIP: {args.baseline} has no entry for {args.compiler}; record one with --update")
        return 77

    failed = []
    measured = {}
    print(f"{what:<18} {unit:>12} {'baseline':>9} {'change':>8}")
    for name in names:
        value, key = measure(name)
        measured[(args.compiler, key)] = value
        base = baseline.get((args.compiler, key))
        change = "" if base is None else f"{(value / base - 1) * 100:+.1f}%"
        print(f"{name:<18} {value:>12.1f} {base if base is not None else '-':>9} {change:>8}")
        if base is not None and value > base * (1 + args.tolerance):
            failed.append(name)

    if args.update:
        baseline.update(measured)
        with open(args.baseline) as f:
            header = "".join(l for l in f if l.startswith("#"))
        write_baseline(args.baseline, baseline, header)
        print(f"updated {args.baseline}")
        return 0
    if failed:
        print(f"FAIL: grew by more than {args.tolerance:.0%} for: {', '.join(failed)}")
        print("If the growth is intended, rerun with --update and commit the baseline.")
        return 1
    print(f"OK: every {what} within {args.tolerance:.0%} of the baseline")
    return 0
