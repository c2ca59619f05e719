#!/usr/bin/env python3
"""Writes the records the batch stage receives on the benchmark workload, as JSON Lines: what
`parse | normalize | dedupe | exclude` hand on when each stage follows the workload's rules
(../../../shared/bench/README.md). Live records carry the cleaned contact; dropped rows come as
rejected records with the code the real stage would give. It stands in for the upstream pipe, so
the batch stage can be measured and checked on its own.

Usage: make_records.py CONTACTS.csv EXCLUSIONS.txt OUT.jsonl
"""
import csv
import json
import re
import sys

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", re.ASCII)
WS = " \t"


def main(csv_path, excl_path, out_path):
    with open(excl_path, encoding="utf-8") as f:
        excluded = {line.rstrip("\n").strip(WS).lower() for line in f}
    excluded.discard("")
    first_seen = {}
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    with open(csv_path, newline="", encoding="utf-8") as f, open(out_path, "w", encoding="utf-8") as out:
        reader = csv.reader(f)
        col = {name: i for i, name in enumerate(next(reader))}
        E, F, L, P, C, T = (col[k] for k in ("Email", "First Name", "Last Name", "Phone", "Company", "Tags"))
        for n, row in enumerate(reader, start=1):
            src = {"file": csv_path, "record": n, "line": n + 1}
            email = row[E].strip(WS).lower()
            rec = {"email": email}
            for key, value in (("first_name", row[F].strip(WS)), ("last_name", row[L].strip(WS)),
                               ("phone", row[P]), ("customer_acct_name", row[C].strip(WS))):
                if value:
                    rec[key] = value
            tags = [t for t in row[T].split(";") if t]
            if tags:
                rec["tags"] = tags
            rec["_src"] = src
            reject = None
            if not email:
                rec.pop("email")
                reject = {"code": "email_missing", "stage": "normalize", "reason": "no email"}
            elif not EMAIL_RE.fullmatch(email):
                reject = {"code": "email_invalid", "stage": "normalize", "reason": f"'{email}' is not valid"}
            elif email in first_seen:
                reject = {"code": "duplicate_merged", "stage": "dedupe", "reason": "duplicate", "into": first_seen[email]}
            else:
                first_seen[email] = src
                if email in excluded:
                    reject = {"code": "excluded_exact", "stage": "exclude", "reason": f"'{email}' is excluded"}
            if reject:
                rec["_reject"] = reject
            out.write(dumps(rec))
            out.write("\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
