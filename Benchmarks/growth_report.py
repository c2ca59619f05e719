#!/usr/bin/env python3
"""The report of growth.sh: a table, two ASCII charts and an SVG of how listwash grows.

Usage: growth_report.py RESULTS.tsv OUT.svg "subtitle"

RESULTS.tsv (written by growth.sh) has one line per size and mode:
rows, mode, unique (records out of dedupe), out (contacts in batches), wall s, cpu s,
peak_kib (largest single process), peak_process, peaks_mib (every process: "parse:43,...").

Wall time is linear in rows when seconds per million rows stay flat as rows grow; memory is
linear in unique contacts when the points of peak MiB against unique contacts lie on a straight
line, i.e. when the bytes per extra unique contact (the slope between two sizes) stay the same.
Standard library only: the SVG is written by hand.
"""
import csv
import math
import sys
from html import escape

COLORS = {"run": "#1f6fb4", "pipe": "#d1495b"}


def load(path):
    rows = []
    with open(path) as f:
        for r in csv.DictReader(f, delimiter="\t"):
            unique = int(r["unique"]) if r["unique"].isdigit() else None
            rows.append({
                "rows": int(r["rows"]), "mode": r["mode"], "unique": unique,
                "out": f"{int(r['out']):,}" if r["out"].isdigit() else r["out"], "wall": float(r["wall"]), "cpu": float(r["cpu"]),
                "mib": float(r["peak_kib"]) / 1024, "proc": r["peak_process"], "peaks": r.get("peaks_mib") or "",
            })
    return rows


def per_mode(rows):
    modes = {}
    for r in rows:
        modes.setdefault(r["mode"], []).append(r)
    for m in modes.values():
        m.sort(key=lambda r: r["rows"])
    return modes


def s_per_mrow(r):
    return r["wall"] / r["rows"] * 1e6


def table(rows):
    head = ["rows", "mode", "unique contacts", "contacts out", "wall s", "s / M rows", "cpu s",
            "peak RSS MiB", "largest process", "MiB / M unique"]
    lines = ["| " + " | ".join(head) + " |", "|---|---|" + "---:|" * 6 + "---|---:|"]
    for r in sorted(rows, key=lambda r: (r["rows"], r["mode"])):
        unique = f"{r['unique']:,}" if r["unique"] else "?"
        per_unique = f"{r['mib'] / r['unique'] * 1e6:,.0f}" if r["unique"] else "-"
        lines.append(f"| {r['rows']:,} | {r['mode']} | {unique} | {r['out']} | {r['wall']:.2f} | "
                     f"{s_per_mrow(r):.2f} | {r['cpu']:.2f} | {r['mib']:.0f} | {r['proc']} | {per_unique} |")
    for r in sorted(rows, key=lambda r: (r["rows"], r["mode"])):
        if "," in r["peaks"]:  # a pipe: every process's peak
            lines.append(f"  {r['mode']} at {r['rows']:,} rows, peak MiB per process: "
                         + ", ".join(p.replace(":", " ") for p in r["peaks"].split(",")))
    return "\n".join(lines)


def verdicts(modes):
    out = []
    for mode, rs in modes.items():
        if len(rs) < 2:
            continue
        a, b = rs[0], rs[-1]
        ratio = s_per_mrow(b) / s_per_mrow(a) if s_per_mrow(a) else float("nan")
        out.append(f"{mode}: time  {s_per_mrow(a):.2f} s/M rows at {a['rows']:,} rows, {s_per_mrow(b):.2f} at "
                   f"{b['rows']:,}: ratio {ratio:.2f} (1.00 = linear in rows; the smallest size carries the "
                   f"fixed start-up cost)")
        slopes = []
        for p, q in zip(rs, rs[1:]):
            if p["unique"] and q["unique"] and q["unique"] != p["unique"]:
                slopes.append(f"{(q['mib'] - p['mib']) * 1048576 / (q['unique'] - p['unique']):,.0f} B "
                              f"({p['rows']:,}→{q['rows']:,})")
        if slopes:
            out.append(f"{mode}: memory  bytes of peak RSS per extra unique contact: " + ", ".join(slopes)
                       + " (equal slopes = linear in unique contacts; ~0 = flat)")
    return "\n".join(out)


def bars(modes, width=44):
    """Seconds per million rows, one bar per size and mode."""
    top = max((s_per_mrow(r) for rs in modes.values() for r in rs), default=1) or 1
    lines = ["seconds per million rows (the same length at every size = wall time linear in rows)"]
    for mode, rs in modes.items():
        for r in rs:
            n = round(s_per_mrow(r) / top * width)
            lines.append(f"  {mode:<5}{r['rows']:>12,} rows |{'#' * n:<{width}}| {s_per_mrow(r):.2f}")
    return "\n".join(lines)


def scatter(modes, w=60, h=14):
    """Peak MiB (y) against unique contacts (x), linear axes from 0; r = run, p = pipe."""
    pts = [(r["unique"], r["mib"], mode[0]) for mode, rs in modes.items() for r in rs if r["unique"]]
    if not pts:
        return "(no unique-contact counts: the dedupe ledger line was not found)"
    xmax = max(p[0] for p in pts) or 1
    ymax = max(p[1] for p in pts) or 1
    grid = [[" "] * (w + 1) for _ in range(h + 1)]
    for x, y, c in pts:
        gx, gy = round(x / xmax * w), h - round(y / ymax * h)
        grid[gy][gx] = "*" if grid[gy][gx] not in (" ", c) else c
    lines = [f"peak RSS MiB against unique contacts (points on a straight line = memory linear in unique "
             f"contacts; r = run, p = pipe's largest process)"]
    for i, row in enumerate(grid):
        label = f"{ymax * (h - i) / h:7.0f} |" if i % (h // 2) == 0 else "        |"
        lines.append(label + "".join(row))
    lines.append("        +" + "-" * (w + 1))
    lines.append(f"         0{'':>{w - 12}}{xmax:>12,}")
    return "\n".join(lines)


def svg(modes, path, subtitle):
    W, H = 960, 450
    panels = [
        ("seconds per million rows", "rows (log scale)", True,
         lambda r: r["rows"], s_per_mrow, lambda v: f"{v:.2f}"),
        ("peak RSS MiB (largest process)", "unique contacts", False,
         lambda r: r["unique"], lambda r: r["mib"], lambda v: f"{v:.0f}"),
    ]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" '
             f'font-family="sans-serif" font-size="12">',
             f'<rect width="{W}" height="{H}" fill="white"/>',
             f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="16">listwash growth: wall time against '
             f'rows, memory against unique contacts</text>',
             f'<text x="{W / 2}" y="40" text-anchor="middle" fill="#555">{escape(subtitle)}</text>']
    for i, (title, xlabel, logx, fx, fy, fmt) in enumerate(panels):
        x0, y0, pw, ph = 70 + i * 470, 70, 380, 280
        pts = [(fx(r), fy(r), mode) for mode, rs in modes.items() for r in rs if fx(r)]
        if not pts:
            continue
        xs = [p[0] for p in pts]
        ymax = max(p[1] for p in pts) * 1.15 or 1
        if logx:
            lo, hi = math.log10(min(xs)), math.log10(max(xs))
            if hi - lo < 1e-9:
                lo, hi = lo - 0.5, hi + 0.5
            lo, hi = lo - 0.1 * (hi - lo), hi + 0.1 * (hi - lo)
            sx = lambda x: x0 + (math.log10(x) - lo) / (hi - lo) * pw
        else:
            xmax = max(xs) * 1.08
            sx = lambda x: x0 + x / xmax * pw
        sy = lambda y: y0 + ph - y / ymax * ph
        parts.append(f'<text x="{x0 + pw / 2}" y="{y0 - 10}" text-anchor="middle" font-weight="bold">{title}</text>')
        parts.append(f'<line x1="{x0}" y1="{y0 + ph}" x2="{x0 + pw}" y2="{y0 + ph}" stroke="black"/>')
        parts.append(f'<line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y0 + ph}" stroke="black"/>')
        for k in range(5):  # y grid
            v = ymax * k / 4
            parts.append(f'<line x1="{x0}" y1="{sy(v):.1f}" x2="{x0 + pw}" y2="{sy(v):.1f}" stroke="#ddd"/>')
            parts.append(f'<text x="{x0 - 6}" y="{sy(v) + 4:.1f}" text-anchor="end">{fmt(v)}</text>')
        for x in sorted(set(xs)):  # x ticks at the measured points
            parts.append(f'<line x1="{sx(x):.1f}" y1="{y0 + ph}" x2="{sx(x):.1f}" y2="{y0 + ph + 5}" stroke="black"/>')
            parts.append(f'<text x="{sx(x):.1f}" y="{y0 + ph + 18}" text-anchor="middle" font-size="10">{x:,}</text>')
        parts.append(f'<text x="{x0 + pw / 2}" y="{y0 + ph + 38}" text-anchor="middle">{xlabel}</text>')
        for mode, rs in modes.items():
            mp = [(fx(r), fy(r)) for r in rs if fx(r)]
            color = COLORS.get(mode, "#444")
            parts.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>'
                         % (color, " ".join(f"{sx(x):.1f},{sy(y):.1f}" for x, y in mp)))
            for x, y in mp:
                parts.append(f'<circle cx="{sx(x):.1f}" cy="{sy(y):.1f}" r="4" fill="{color}"/>')
                parts.append(f'<text x="{sx(x) + 6:.1f}" y="{sy(y) - 6:.1f}" fill="{color}" font-size="10">{fmt(y)}</text>')
    for k, mode in enumerate(modes):  # legend, under the panels
        color = COLORS.get(mode, "#444")
        lx = W / 2 - 110 + k * 130
        parts.append(f'<rect x="{lx}" y="{H - 42}" width="10" height="10" fill="{color}"/>')
        parts.append(f'<text x="{lx + 16}" y="{H - 33}">{"listwash " + mode if mode in ("run", "pipe") else mode}</text>')
    parts.append(f'<text x="{W / 2}" y="{H - 8}" text-anchor="middle" fill="#555" font-size="11">left: a flat line = '
                 f'wall time linear in rows; right: a straight line = memory linear in unique contacts</text>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    results, out_svg, subtitle = sys.argv[1], sys.argv[2], sys.argv[3]
    rows = load(results)
    if not rows:
        sys.exit("growth_report.py: no results")
    modes = per_mode(rows)
    print()
    print(table(rows))
    print()
    print(verdicts(modes))
    print()
    print(bars(modes))
    print()
    print(scatter(modes))
    svg(modes, out_svg, subtitle)
    print(f"\nSVG: {out_svg}")


if __name__ == "__main__":
    main()
