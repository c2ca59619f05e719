#!/usr/bin/env python3
"""Reads a vCard file with Python's vobject into the same fields `listwash parse` produces, for
the benchmark in run.sh. Prints the number of records and of cards vobject could not read.

Usage: vobject_parse.py FILE.vcf [OUT.jsonl]

Fields: email (preferred: PREF=n lowest, TYPE=pref, else first; others kept), first_name and
last_name from N, the full name from FN, phone (preferred, else cell, else first), the first ORG
component, CATEGORIES as tags, and NOTE/TITLE/BDAY/ADR/URL as extras: what listwash's vCard
reader maps, so both sides do the same work.
"""
import json
import logging
import sys

import vobject


def params_of(prop):
    types = [t.lower() for v in prop.params.get("TYPE", []) for t in v.split(",")]
    types += [k.lower() for k in prop.params if k.upper() in ("PREF", "WORK", "HOME", "CELL") and not prop.params[k]]
    pref = prop.params.get("PREF")
    rank = None
    if pref and pref[0].isdigit():
        rank = int(pref[0])
    elif "pref" in types:
        rank = 1
    return types, rank


def preferred(props, phones=False):
    best, best_rank = None, None
    for i, p in enumerate(props):
        _, rank = params_of(p)
        if rank is not None and (best_rank is None or rank < best_rank):
            best, best_rank = i, rank
    if best is not None:
        return best
    if phones:
        for i, p in enumerate(props):
            if "cell" in params_of(p)[0]:
                return i
    return 0


def record(card):
    rec, extra = {}, {}
    contents = card.contents
    if "n" in contents:
        n = contents["n"][0].value
        if n.given:
            rec["first_name"] = n.given if isinstance(n.given, str) else " ".join(n.given)
        if n.family:
            rec["last_name"] = n.family if isinstance(n.family, str) else " ".join(n.family)
    if "fn" in contents:
        rec["_full_name"] = contents["fn"][0].value
    emails = contents.get("email", [])
    if emails:
        b = preferred(emails)
        rec["email"] = emails[b].value
        for i, e in enumerate(emails):
            if i != b:
                extra[f"EMAIL {i}"] = e.value
    tels = contents.get("tel", [])
    if tels:
        b = preferred(tels, phones=True)
        rec["phone"] = tels[b].value
        for i, t in enumerate(tels):
            if i != b:
                extra[f"TEL {i}"] = t.value
    if "org" in contents:
        org = contents["org"][0].value
        rec["customer_acct_name"] = org[0] if isinstance(org, list) and org else org
    if "categories" in contents:
        rec["tags"] = [t for c in contents["categories"] for t in c.value]
    for name in ("note", "title", "bday", "url"):
        for i, p in enumerate(contents.get(name, [])):
            extra[f"{name.upper()} {i}"] = str(p.value)
    for i, p in enumerate(contents.get("adr", [])):
        extra[f"ADR {i}"] = str(p.value)
    if extra:
        rec["_extra"] = extra
    return rec


def main():
    # vobject logs every line it cannot read (QP soft breaks); measure parsing, not logging.
    logging.getLogger("vobject").setLevel(logging.CRITICAL)
    path = sys.argv[1]
    out = open(sys.argv[2], "w", encoding="utf-8") if len(sys.argv) > 2 else None
    records = 0
    with open(path, encoding="utf-8", newline="") as f:
        for card in vobject.readComponents(f, ignoreUnreadable=True):
            rec = record(card)
            records += 1
            if out:
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(f"vobject: {records} records", file=sys.stderr)


if __name__ == "__main__":
    main()
