#!/usr/bin/env python3
"""lnav reads ringlog's logs with the formats in tools/lnav/.

Usage: lnav_format_test.py LNAV_SAMPLE FORMAT_DIR

Runs LNAV_SAMPLE, which writes the same records to a text log and a JSON Lines log, installs
the formats into a temporary lnav home, and queries each log with lnav's SQL in headless mode.
Every record of the JSON log (read with Python's json module, the reference) must come back
from both files with its time, level, thread, logger and message. Exits 77 (skipped, for
meson) only when lnav is not installed.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

LEVELS = {"TRACE": "trace", "DEBUG": "debug", "INFO": "info", "WARN": "warning",
          "ERROR": "error", "CRIT": "critical"}


def lnav_rows(lnav, env, table, log):
    query = f";SELECT log_time, log_level, thread, logger, log_body FROM {table} ORDER BY log_line"
    out = subprocess.run([lnav, "-n", "-c", query, "-c", ":write-json-to -", log], env=env,
                         check=True, capture_output=True, text=True, timeout=120).stdout
    return json.loads(out)


def text_body(record):
    """The message as the text layout prints it: escaped, then context and fields as k=v."""
    body = record["message"].replace("\n", "\\n")
    for group in ("context", "fields"):
        for key, value in (record.get(group) or {}).items():
            body += f" {key}={value}"
    return body


def check(name, rows, records, body_of):
    failures = 0
    if len(rows) != len(records):
        print(f"{name}: lnav parsed {len(rows)} records, {len(records)} were logged")
        failures += 1
    # Records of different threads are in timestamp order only within Config::reorder_window: a
    # thread preempted longer than that between stamping and committing a record (a loaded
    # machine, a sanitizer build) puts it after a later one. lnav gives such an out-of-order line
    # the latest time seen before it (its log_time never goes back; lnav issue #1073), so that is
    # the time expected here.
    latest, out_of_order = "", 0
    for row, record in zip(rows, records):
        # lnav 0.11 keeps milliseconds: compare "YYYY-MM-DD HH:MM:SS.mmm".
        stamped = record["time"][:23].replace("T", " ")
        if stamped < latest:
            out_of_order += 1
        latest = max(latest, stamped)
        expected = {"log_time": latest,
                    "log_level": LEVELS[record["level"]], "thread": record["thread"],
                    "logger": record["logger"], "log_body": body_of(record)}
        if row != expected:
            failures += 1
            if failures < 5:
                print(f"{name}: lnav row {row}\n  expected {expected}")
    print(f"{name}: {len(records)} records logged, {len(rows)} parsed by lnav, "
          f"{failures} mismatches, {out_of_order} stamped earlier than a record before them")
    return failures == 0


def main():
    sample, format_dir = sys.argv[1:3]
    lnav = shutil.which("lnav")
    if lnav is None:
        print("SKIP: lnav not found (Debian: apt-get install lnav, or scripts/deps.sh)")
        return 77
    with tempfile.TemporaryDirectory(prefix="ringlog-lnav-") as tmp:
        env = dict(os.environ, HOME=tmp, TZ="UTC")  # a fresh lnav config; times read as UTC
        subprocess.run([sample, tmp], env=env, check=True, timeout=60)
        formats = sorted(glob.glob(os.path.join(format_dir, "*.json")))
        subprocess.run([lnav, "-i", *formats], env=env, check=True, capture_output=True,
                       timeout=60)
        with open(os.path.join(tmp, "sample.jsonl"), encoding="utf-8") as f:
            records = [json.loads(line) for line in f]
        with open(os.path.join(tmp, "sample.log"), encoding="utf-8") as f:
            text_lines = sum(1 for _ in f)
        if text_lines != len(records):
            print(f"sample: {text_lines} text lines but {len(records)} JSON records")
            return 1
        ok = check("text log", lnav_rows(lnav, env, "ringlog_text_log",
                                         os.path.join(tmp, "sample.log")), records, text_body)
        ok &= check("JSON log", lnav_rows(lnav, env, "ringlog_json_log",
                                          os.path.join(tmp, "sample.jsonl")), records,
                    lambda r: r["message"])
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
