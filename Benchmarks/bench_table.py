#!/usr/bin/env python3
"""The closing table of bench.sh: every tool in one table, listwash's wall-time ratio to each.

Usage: bench_table.py WORK ROWS "MODES" "PEERS" RUNS

Reads what bench.sh and ../shared/bench/run_peers.sh left under WORK/out (nothing is timed here):
  listwash_MODE.time     bench.sh step 4: one GNU time line per timed run (wall user sys KiB)
  listwash_MODE.check    bench.sh step 4: the compare.py --full verdict against the reference
  listwash_MODE.compare  compare.py's output; its first line holds the reference's content digest
  run_peers.log          run_peers.sh's output: SKIP lines, and compare.py's per-folder lines
                         ("DIR: N batches, M contacts, content sha256 X" plus ERROR/DIFFERS lines)
                         for its agreement check at ROWS
  timing/TOOL.txt        run_peers.sh: one GNU time line per timed run of each tool

listwash's rows use run_peers.sh's timing when listwash was among its PEERS (timed in the same
loop as the peers, with the same warm-up), else bench.sh's own. A peer "agrees" when its content
digest at ROWS equals the reference's (python_stdlib_prep.py's output) with no ERROR or DIFFERS
line: the same test as compare.py --full against the reference, read from run_peers.sh's check.
"""
import os
import re
import statistics
import sys

LISTWASH = {"run": "listwash", "pipe": "listwash_pipe"}  # mode -> run_peers.sh's name


def runs(path):
    if not os.path.exists(path):
        return []
    return [list(map(float, l.split())) for l in open(path) if l.strip() and l.split()[0][0].isdigit()]


def medians(rs):
    if not rs:
        return None
    return {"wall": statistics.median(r[0] for r in rs),
            "cpu": statistics.median(r[1] + r[2] for r in rs),
            "mib": statistics.median(r[3] for r in rs) / 1024}


def agreement(log_path, rows):
    """compare.py's verdict per folder in run_peers.sh's check at ROWS: {folder: (digest, ok)}."""
    if not os.path.exists(log_path):
        return {}, set()
    text = open(log_path).read()
    skipped = set(re.findall(r"^SKIP (\S+): not installed", text, re.M))
    m = re.search(rf"^== agreement, {rows} rows\n(.*?)(?=^== |\Z)", text, re.M | re.S)
    result = {}
    if m:
        current = None
        for line in m.group(1).splitlines():
            f = re.match(r"^(\S.*): \d+ batches, \d+ contacts(?:, content sha256 (\w+))?", line)
            if f:
                current = os.path.basename(f.group(1).rstrip("/"))
                result[current] = [f.group(2), True]
            elif current and re.match(r"^\s+(ERROR|DIFFERS)", line):
                result[current][1] = False
    return result, skipped


def reference_digest(work, modes, peers_check):
    for mode in modes:
        path = os.path.join(work, "out", f"listwash_{mode}.compare")
        if os.path.exists(path):
            m = re.search(r"content sha256 (\w+)", open(path).readline())
            if m:
                return m.group(1)
    return peers_check.get("python_stdlib", [None])[0]


def main():
    work, rows, modes, peers, nruns = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4].split(), sys.argv[5]
    out = os.path.join(work, "out")
    checks, skipped = agreement(os.path.join(out, "run_peers.log"), rows)
    ref = reference_digest(work, modes, checks)

    tools = []  # (label, medians or None, check, source)
    sources = set()
    for mode in modes:
        peer_timing = medians(runs(os.path.join(out, "timing", f"{LISTWASH[mode]}.txt"))) if LISTWASH[mode] in peers else None
        own = medians(runs(os.path.join(out, f"listwash_{mode}.time")))
        check_path = os.path.join(out, f"listwash_{mode}.check")
        check = open(check_path).read().strip() if os.path.exists(check_path) else "-"
        sources.add("run_peers.sh" if peer_timing else "bench.sh")
        tools.append((f"listwash {mode}", peer_timing or own, check))
    for p in peers:
        if p in LISTWASH.values() or p == "none":
            continue
        if p in skipped:
            tools.append((p, None, "not installed"))
            continue
        t = medians(runs(os.path.join(out, "timing", f"{p}.txt")))
        if p not in checks:
            check = "not checked"
        elif not checks[p][1] or (ref and checks[p][0] and checks[p][0] != ref):
            check = "DIFFERS (see run_peers.log)"
        else:
            check = "agrees"
        tools.append((p, t, check))

    base = {label.split()[1]: t["wall"] for label, t, _ in tools if label.startswith("listwash ") and t}
    ratio_cols = [m for m in modes if m in base]
    head = ["tool", "wall s", "cpu s", "peak RSS MiB", "rows/s", "check"] + [f"{m} ÷ this" for m in ratio_cols]
    print(f"== all tools: {rows:,} rows, median of {nruns} timed run(s) each; "
          f"'run ÷ this' = listwash run's wall time ÷ this tool's (below 1.00: listwash is faster)")
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * 4 + "---|" + "---:|" * len(ratio_cols))
    for label, t, check in tools:
        if t:
            cells = [f"{t['wall']:.2f}", f"{t['cpu']:.2f}", f"{t['mib']:.0f}", f"{rows / max(t['wall'], 1e-9):,.0f}"]
            ratios = [f"{base[m] / t['wall']:.2f}" if t["wall"] > 0 else "-" for m in ratio_cols]
        else:
            cells = ["-"] * 4
            ratios = ["-"] * len(ratio_cols)
        print("| " + " | ".join([label] + cells + [check] + ratios) + " |")
    print(f"(listwash timed by {' and '.join(sorted(sources)) or '-'}; peers by run_peers.sh; "
          f"peak RSS is the largest single process)")


if __name__ == "__main__":
    main()
