#!/usr/bin/env python3
"""The peer for the XML benchmark: lxml iterparse extracting the same fields listwash's
generic-xml preset reads (email, firstName, lastName, phone, company, tags/tag, and the
unmapped simple children such as notes, and the record's own attributes as @name), writing one JSON object per record like listwash.

Usage: lxml_parse.py FILE.xml > out.jsonl
Elements are cleared after use (the usual iterparse idiom), so memory stays flat.
"""
import json
import sys

from lxml import etree


def text(el):
    return "".join(el.itertext()).strip() if el is not None else None


def main():
    out = sys.stdout
    write = out.write
    n = 0
    for _, el in etree.iterparse(sys.argv[1], events=("end",), tag="contact",
                                 resolve_entities=False, no_network=True, load_dtd=False):
        n += 1
        rec = {}
        for key, name in (("email", "email"), ("first_name", "firstName"), ("last_name", "lastName"),
                          ("phone", "phone"), ("customer_acct_name", "company")):
            v = text(el.find(name))
            if v:
                rec[key] = v
        tags = [t.text.strip() for t in el.iterfind("tags/tag") if t.text and t.text.strip()]
        if tags:
            rec["tags"] = tags
        rec["_src"] = {"file": sys.argv[1], "record": n, "line": el.sourceline}
        extra = {}
        for name, value in el.attrib.items():  # the record's own attributes, as listwash keeps them
            if value.strip():
                extra["@" + name] = value.strip()
        for child in el:
            if child.tag not in ("email", "firstName", "lastName", "phone", "company", "tags") and len(child) == 0:
                v = (child.text or "").strip()
                if v:
                    extra[child.tag] = v
        if extra:
            rec["_extra"] = extra
        write(json.dumps(rec, ensure_ascii=False))
        write("\n")
        el.clear()
        while el.getprevious() is not None:
            del el.getparent()[0]
    sys.stderr.write(f"lxml: {n} records\n")


if __name__ == "__main__":
    main()
