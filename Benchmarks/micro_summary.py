#!/usr/bin/env python3
"""One table of medians from `swift package benchmark` text output (micro.sh run).

Usage: micro_summary.py LOG

Per benchmark, the p50 of each metric: records per second, wall nanoseconds per record, mallocs
per record, and megabytes per second where the benchmark reports bytes. The benchmark tables
print scaled integers with the scale in the metric name ("Throughput (# / s) (K)"); this undoes
the scale. The full percentile tables stay above it in the output.
"""
import re
import sys

SCALE = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}


def parse(text):
    results, name = {}, None
    for line in text.splitlines():
        if line and not line.startswith(("│", "╒", "╞", "├", "╘", " ", "=")) and "/" in line:
            name = line.strip()
            results[name] = {}
            continue
        m = re.match(r"^│ (.+?)\s*│(.*)│\s*$", line)
        if not (m and name) or m.group(1) == "Metric":
            continue
        cells = [c.strip() for c in m.group(2).split("│")]
        if len(cells) < 3 or not cells[2].lstrip("-").isdigit():
            continue
        label = m.group(1)
        unit = re.search(r"\((K|M|G)\)\s*\*?$", label)
        results[name][label] = int(cells[2]) * SCALE[unit.group(1) if unit else ""]
    return {k: v for k, v in results.items() if v}  # names followed by a table only


def pick(metrics, prefix):
    return next((v for k, v in metrics.items() if k.startswith(prefix)), None)


def main():
    results = parse(open(sys.argv[1]).read())
    if not results:
        sys.exit("micro_summary.py: no benchmark tables found")
    print("| benchmark (p50) | records/s | ns / record | mallocs / record | MB/s |")
    print("|---|---:|---:|---:|---:|")
    for name, m in results.items():
        rps, ns, mallocs, bps = (pick(m, "Throughput"), pick(m, "Time (wall clock)"),
                                 pick(m, "Malloc (total)"), pick(m, "Bytes / s"))
        cell = lambda v, f: f.format(v) if v is not None else "-"
        print(f"| {name} | {cell(rps, '{:,.0f}')} | {cell(ns, '{:,.0f}')} | {cell(mallocs, '{:.0f}')} | "
              f"{cell(bps and bps / 1e6, '{:,.0f}')} |")


if __name__ == "__main__":
    main()
