#!/usr/bin/env python3
"""Deterministic generator of a generic <contacts><contact> XML export for the XML benchmark.

Usage: generate.py N OUT.xml   (N records; the same N always gives the same bytes)

Each record has an id attribute, email, firstName, lastName, a phone with a type attribute,
company, 0-3 tags and a CDATA note, with some non-ASCII names and escaped characters, so
both tools do real text decoding work.
"""
import random
import sys

FIRST = ["Jane", "John", "Zoë", "Ana", "Björn", "Li", "O'Brien", "Mary-Kate", "José", "Anne"]
LAST = ["Doe", "Smith", "Müller", "García", "Nguyen", "van der Berg", "Kowalski", "Ødegård", "Lee", "Brown"]
DOMAINS = ["example.com", "example.org", "mail.example.net", "exämple.de"]
COMPANIES = ["Acme & Co", "Globex", "Initech", "Umbrella <Corp>", "Soylent", ""]
TAGS = ["vip", "newsletter", "customer", "lead", "partner"]


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    n = int(sys.argv[1])
    rnd = random.Random(20261127)
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<contacts>\n')
        for i in range(1, n + 1):
            first = rnd.choice(FIRST)
            last = rnd.choice(LAST)
            email = f"{first.lower().replace(' ', '')}.{i}@{rnd.choice(DOMAINS)}"
            tags = rnd.sample(TAGS, rnd.randint(0, 3))
            out.write(f'  <contact id="{i}">\n')
            out.write(f"    <email>{esc(email)}</email>\n")
            out.write(f"    <firstName>{esc(first)}</firstName>\n")
            out.write(f"    <lastName>{esc(last)}</lastName>\n")
            out.write(f'    <phone type="mobile">+1 415 555 {i % 10000:04d}</phone>\n')
            company = rnd.choice(COMPANIES)
            if company:
                out.write(f"    <company>{esc(company)}</company>\n")
            if tags:
                out.write("    <tags>" + "".join(f"<tag>{t}</tag>" for t in tags) + "</tags>\n")
            out.write(f"    <notes><![CDATA[Met at event #{i % 97}; likes <b>bold</b> & more]]></notes>\n")
            out.write("  </contact>\n")
        out.write("</contacts>\n")


if __name__ == "__main__":
    main()
