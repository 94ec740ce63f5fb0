"""Issue 11's targets against Quill, NanoLog and fmtlog, with the spread over rounds beside each
figure, so a reader can tell a miss from noise.

Latency: each cell's IQM and p99.9 are medians over rounds; the rounds' min–max is shown for
ringlog and for the best peer, and a miss where ringlog's best round beat the peer's worst one is
marked as within the spread (the medians still decide).
Throughput: the ratio is taken per round (ringlog's run and the peer's run of the same round,
so a slow spell of the shared machine hits both) and the median of those ratios decides; the
ratio of the medians is shown beside it. Older JSON without the per-round fields still renders
(no spread, rounds paired by position).
"""
import statistics

from formats import ns

PEERS = (("quill", "Quill"), ("nanolog", "NanoLog"), ("fmtlog", "fmtlog"))
TEXT_PEERS = (("quill", "Quill"), ("fmtlog", "fmtlog"), ("spdlog_async", "spdlog async"))
CELLS = ((1, "three_numbers", "3 numbers, 1 thr"), (1, "string40", "40-char string, 1 thr"),
         (2, "three_numbers", "3 numbers, 2 thr"), (2, "string40", "40-char string, 2 thr"))


def find(lat, peer, threads, shape):
    return next((r for r in lat if r["peer"] == peer and r["threads"] == threads
                 and r["shape"] == shape), None)


def figure(value, runs, fmt, who=None):
    """'280 (fmtlog; rounds 250–330)': a median with the peer's name and the rounds' range."""
    parts = [who] if who else []
    if runs and len(runs) > 1:
        parts.append(f"rounds {fmt(min(runs))}–{fmt(max(runs))}")
    return f"{fmt(value)} ({'; '.join(parts)})" if parts else fmt(value)


def one_decimal(v):
    return f"{v:.1f}"


def times(v):
    return f"{v:.2f}×"


def within_spread(ours_runs, best_runs):
    """A miss is within the noise when ringlog's best round beat the peer's worst one."""
    return bool(ours_runs) and bool(best_runs) and min(ours_runs) <= max(best_runs)


def latency_target(lat, threads, shape, label, add):
    ours = find(lat, "ringlog_async", threads, shape)
    theirs = [(name, find(lat, key, threads, shape)) for key, name in PEERS]
    theirs = [(name, r) for name, r in theirs if r]
    if not ours or not theirs:
        return
    iqm_name, iqm_best = min(theirs, key=lambda x: x[1]["iqm_ns"])
    tail_name, tail_best = min(theirs, key=lambda x: x[1]["ns"][4])
    checks = (("IQM", ours["iqm_ns"], iqm_best, iqm_best["iqm_ns"], iqm_name, "iqm_ns_per_rep",
               one_decimal),
              ("p99.9", ours["ns"][4], tail_best, tail_best["ns"][4], tail_name, "p999_per_rep", ns))
    measured, noise, met = [], [], True
    for what, mine, best_row, best, name, runs_key, fmt in checks:
        measured.append(f"{what} {figure(mine, ours.get(runs_key), fmt)} vs "
                        f"{figure(best, best_row.get(runs_key), fmt, name)}")
        if mine > best:
            met = False
            if within_spread(ours.get(runs_key), best_row.get(runs_key)):
                noise.append(what)
    note = ""
    if noise:
        verb = "misses are" if len(noise) > 1 else "miss is"
        note = f" — the {' and '.join(noise)} {verb} within the rounds' spread"
    add(f"IQM and p99.9 ≤ the best of Quill, NanoLog, fmtlog: {label}",
        "; ".join(measured) + note, met)


def per_round(row):
    """{round: M records/s} of one throughput row (old JSON: rounds by position)."""
    rates = row.get("mrecords_per_s_per_rep", [])
    rounds = row.get("rounds", range(len(rates)))
    return {int(r): v for r, v in zip(rounds, rates)}


def paired_ratios(ours, theirs_by_round):
    """ours' rate / theirs in each round both ran."""
    mine = per_round(ours)
    return [mine[r] / theirs_by_round[r] for r in sorted(mine)
            if r in theirs_by_round and theirs_by_round[r] > 0]


def ratio_text(ratios, of_medians):
    """'1.31× median of 9 paired rounds (rounds 0.90×–1.80×); ratio of the medians 1.25×'."""
    if not ratios:
        return f"{times(of_medians)} (ratio of the medians)"
    return (f"{times(statistics.median(ratios))} median of {len(ratios)} paired rounds "
            f"(rounds {times(min(ratios))}–{times(max(ratios))}); ratio of the medians "
            f"{times(of_medians)}")


def throughput_targets(tp, add):
    rate = {r["peer"]: r for r in tp}
    text = [(name, rate[key]) for key, name in TEXT_PEERS if key in rate]
    if "ringlog_async" in rate and len(text) > 1:
        ours = rate["ringlog_async"]
        name, best = max(text, key=lambda x: x[1]["mrecords_per_s"])
        # Per round, against whichever text peer was fastest in that round.
        best_by_round = {}
        for _, row in text:
            for r, v in per_round(row).items():
                best_by_round[r] = max(best_by_round.get(r, 0), v)
        ratios = paired_ratios(ours, best_by_round)
        of_medians = ours["mrecords_per_s"] / best["mrecords_per_s"]
        decided = statistics.median(ratios) if ratios else of_medians
        add("text throughput ≥ 2× the best text peer (Quill, fmtlog, spdlog async)",
            f"{ours['mrecords_per_s']:.2f} vs {best['mrecords_per_s']:.2f} M records/s ({name}, "
            f"medians); ÷ the round's best text peer: {ratio_text(ratios, of_medians)}",
            decided >= 2)
    if "ringlog_binary" in rate and "nanolog" in rate:
        ours, nano = rate["ringlog_binary"], rate["nanolog"]
        ratios = paired_ratios(ours, per_round(nano))
        of_medians = ours["mrecords_per_s"] / nano["mrecords_per_s"]
        decided = statistics.median(ratios) if ratios else of_medians
        add("binary throughput ≥ 1.2× NanoLog (median of the per-round ratios)",
            f"{ours['mrecords_per_s']:.2f} vs {nano['mrecords_per_s']:.2f} M records/s (medians); "
            f"{ratio_text(ratios, of_medians)}", decided >= 1.2)
        per_record = ours["bytes"] / ours["records"]
        add("binary bytes per record ≤ 12", f"{per_record:.1f} (NanoLog "
            f"{nano['bytes'] / nano['records']:.1f})", per_record <= 12)


def peer_targets(lat, tp, add):
    """The targets against Quill, NanoLog and fmtlog (issue 11), when they ran."""
    for threads, shape, label in CELLS:
        latency_target(lat, threads, shape, label, add)
    throughput_targets(tp, add)
