#!/usr/bin/env python3
"""Writes listwash JSON Lines records for the dedupe benchmark (stdlib only, deterministic).

    gen_records.py --rows N --unique U [--seed S] > records.jsonl

Rows cycle through U distinct emails (U = N: every email unique; U = 1: all the same), with
case variants on repeats, so the index holds exactly U keys at the end.
"""
import argparse, json, random, sys

p = argparse.ArgumentParser()
p.add_argument("--rows", type=int, required=True)
p.add_argument("--unique", type=int, required=True)
p.add_argument("--seed", type=int, default=42)
a = p.parse_args()
rng = random.Random(a.seed)
first = ["jane", "john", "ana", "li", "zoe", "omar", "sven", "kim"]
last = ["doe", "smith", "garcia", "wang", "muller", "khan", "berg", "lee"]
domains = ["example.com", "gmail.com", "yahoo.com", "outlook.com", "corp.example"]
out = sys.stdout
for i in range(a.rows):
    k = i % a.unique
    email = f"{first[k % 8]}.{last[(k // 8) % 8]}{k}@{domains[k % 5]}"
    if i >= a.unique and rng.random() < 0.5:
        email = email.upper()
    rec = {"email": email, "first_name": first[k % 8].title(), "last_name": last[(k // 8) % 8].title(),
           "tags": ["vip"] if k % 7 == 0 else [],
           "_src": {"file": "bench.csv", "record": i + 1, "line": i + 2}}
    out.write(json.dumps(rec, separators=(",", ":")) + "\n")
