#!/usr/bin/env python3
"""Deterministic generator of a mixed-dialect vCard file for the listwash vs vobject benchmark.

Usage: gen_vcards.py OUT.vcf [CARDS]   (default 100000 cards)

A third of the cards each are vCard 2.1 (Outlook/Android style: bare TYPE parameters,
QUOTED-PRINTABLE UTF-8 names and notes, some with '=' soft line breaks), 3.0 (Apple/Gmail style:
TYPE=work,pref, item1.EMAIL grouped with X-ABLabel, folded lines, escapes) and 4.0 (PREF=1,
tel: URIs). Every card has a name, one to three emails and one or two phones. CRLF line ends.
The same seed always writes the same bytes. vobject does not join QP soft line breaks: it
skips each continuation line (logging 'Failed to parse line'), so its output lacks those parts.
"""
import random
import sys

FIRST = ["Anna", "Björn", "Chloé", "Dmitri", "Eva", "François", "Günter", "Hana", "Iñigo", "Jan",
         "Kofi", "Lena", "Márton", "Nils", "Olga", "Pål", "Quinn", "Renée", "Søren", "Tomás"]
LAST = ["Müller", "O'Brien", "Smith", "García", "Nowak", "van der Berg", "Kowalski", "Jensen",
        "Dubois", "Rossi", "Ivanova", "Yılmaz", "Novák", "Łukasz", "Ångström", "Doe"]
DOMAINS = ["example.com", "mail.example.org", "corp.example.net", "gmail.com", "outlook.com"]
ORGS = ["Acme; Sales", "Globex", "Initech\\, Inc.", "Umbrella", "Stark Industries"]
NOTES = ["Met at the fair", "Prefers email; no calls", "Línea dos\\nsecond line", "VIP customer, since 2019"]


def qp(text):
    """Quoted-printable bytes of UTF-8 text, every non-alphanumeric byte escaped."""
    out = []
    for b in text.encode("utf-8"):
        c = chr(b)
        out.append(c if (c.isalnum() and b < 128) else "=%02X" % b)
    return "".join(out)


def qp_soft_wrap(encoded, width=24):
    """Splits a QP value with '=' soft line breaks between characters (never inside one
    character's =XX=XX escapes: vobject decodes each physical line on its own and crashes on a
    split UTF-8 sequence; on whole characters it only skips the continuation lines)."""
    tokens, i = [], 0
    while i < len(encoded):
        if encoded[i] == "=":
            first = int(encoded[i + 1:i + 3], 16)
            n = 1 if first < 0x80 else 2 if first < 0xE0 else 3 if first < 0xF0 else 4
            tokens.append(encoded[i:i + 3 * n])
            i += 3 * n
        else:
            tokens.append(encoded[i])
            i += 1
    lines, cur = [], ""
    for tok in tokens:
        if cur and len(cur) + len(tok) > width:
            lines.append(cur + "=")
            cur = ""
        cur += tok
    lines.append(cur)
    return "\r\n".join(lines)


def fold(line, width=75):
    """RFC 6350 folding: CRLF + space every `width` characters."""
    if len(line) <= width:
        return line
    parts = [line[:width]]
    rest = line[width:]
    while rest:
        parts.append(" " + rest[:width - 1])
        rest = rest[width - 1:]
    return "\r\n".join(parts)


def card(rng, n):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    local = f"{first}.{last}".lower().replace(" ", "").replace("'", "")
    local = local.encode("ascii", "ignore").decode() + str(n)
    emails = [f"{local}@{rng.choice(DOMAINS)}" for _ in range(rng.randint(1, 3))]
    phones = [f"+1 415 555 {rng.randint(0, 9999):04d}" for _ in range(rng.randint(1, 2))]
    org, note = rng.choice(ORGS), rng.choice(NOTES)
    version = n % 3
    lines = ["BEGIN:VCARD"]
    if version == 0:
        lines.append("VERSION:2.1")
        lines.append(f"N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{qp(last)};{qp(first)};;;")
        fn = qp(f"{first} {last}")
        lines.append("FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + (qp_soft_wrap(fn) if n % 2 else fn))
        for i, e in enumerate(emails):
            lines.append(f"EMAIL;{'PREF;' if i == len(emails) - 1 else ''}INTERNET:{e}")
        for i, p in enumerate(phones):
            lines.append(f"TEL;{'CELL' if i == 0 else 'WORK;VOICE'}:{p}")
        lines.append("ORG:" + org.replace("\\,", ","))
        lines.append("NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + qp_soft_wrap(qp(note.replace("\\n", "\n").replace("\\", ""))))
    elif version == 1:
        lines.append("VERSION:3.0")
        lines.append(f"N:{last};{first};;;")
        lines.append(f"FN:{first} {last}")
        for i, e in enumerate(emails):
            if i == 1:
                lines.append(f"item1.EMAIL;type=INTERNET:{e}")
                lines.append("item1.X-ABLabel:_$!<Other>!$_")
            else:
                lines.append(f"EMAIL;type=INTERNET;type={'WORK,pref' if i == 0 else 'HOME'}:{e}")
        for i, p in enumerate(phones):
            lines.append(f"TEL;type={'CELL' if i else 'WORK'};type=VOICE:{p}")
        lines.append(f"ORG:{org}")
        lines.append("CATEGORIES:customers,newsletter")
        lines.append(fold(f"NOTE:{note} -- imported from the CRM export of the spring campaign, row {n}"))
    else:
        lines.append("VERSION:4.0")
        lines.append(f"N:{last};{first};;;")
        lines.append(f"FN:{first} {last}")
        for i, e in enumerate(emails):
            lines.append(f"EMAIL;TYPE=work;PREF={i + 1}:{e}")
        for i, p in enumerate(phones):
            lines.append(f"TEL;VALUE=uri;TYPE=\"voice,{'cell' if i == 0 else 'home'}\":tel:{p.replace(' ', '-')}")
        lines.append(f"ORG:{org}")
        lines.append(f"TITLE:Buyer")
        lines.append(f"NOTE:{note}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rng = random.Random(20261127)
    with open(out, "w", encoding="utf-8", newline="") as f:
        for n in range(count):
            f.write(card(rng, n))


if __name__ == "__main__":
    main()
