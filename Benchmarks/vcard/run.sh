#!/bin/sh
# Times `listwash parse` against Python's vobject on the same generated vCard file and prints
# a table. Usage: run.sh LISTWASH_BIN [CARDS]   (CARDS defaults to 100000)
#
# The file comes from gen_vcards.py (deterministic: a third each of 2.1 quoted-printable, 3.0 and
# 4.0 cards) and is kept in $BENCH_DIR (default /tmp/listwash-vcard-bench) between runs.
# vobject_parse.py extracts the same fields listwash maps. Target (issue 3): listwash at least
# 20x faster. Measure with a release binary; a debug binary only checks that the script works.
set -eu
if [ $# -lt 1 ]; then
    echo "usage: $0 LISTWASH_BIN [CARDS]" >&2
    exit 64
fi
BIN=$1
CARDS=${2:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${BENCH_DIR:-/tmp/listwash-vcard-bench}
mkdir -p "$WORK"
FILE="$WORK/cards-$CARDS.vcf"
if [ ! -f "$FILE" ]; then
    python3 "$HERE/gen_vcards.py" "$FILE" "$CARDS"
fi

/usr/bin/time -f "%e %M" -o "$WORK/listwash.time" "$BIN" parse "$FILE" > "$WORK/listwash.jsonl" 2> "$WORK/listwash.err"
/usr/bin/time -f "%e %M" -o "$WORK/vobject.time" python3 "$HERE/vobject_parse.py" "$FILE" "$WORK/vobject.jsonl" 2> "$WORK/vobject.err"

LW_RECORDS=$(wc -l < "$WORK/listwash.jsonl")
VO_RECORDS=$(wc -l < "$WORK/vobject.jsonl")
LW_SECONDS=$(cut -d' ' -f1 "$WORK/listwash.time")
VO_SECONDS=$(cut -d' ' -f1 "$WORK/vobject.time")
LW_KB=$(cut -d' ' -f2 "$WORK/listwash.time")
VO_KB=$(cut -d' ' -f2 "$WORK/vobject.time")
BYTES=$(wc -c < "$FILE")

echo "input: $FILE ($CARDS cards, $BYTES bytes)"
printf '%-10s %10s %12s %10s %14s\n' tool seconds "peak RSS MB" records "cards/s"
for t in listwash vobject; do
    if [ $t = listwash ]; then s=$LW_SECONDS; kb=$LW_KB; r=$LW_RECORDS; else s=$VO_SECONDS; kb=$VO_KB; r=$VO_RECORDS; fi
    awk -v t=$t -v s="$s" -v kb="$kb" -v r="$r" -v c="$CARDS" 'BEGIN {
        rate = (s > 0) ? c / s : 0
        printf "%-10s %10.2f %12.1f %10d %14.0f\n", t, s, kb / 1024, r, rate }'
done
awk -v a="$LW_SECONDS" -v b="$VO_SECONDS" 'BEGIN {
    if (a > 0) printf "speedup: listwash is %.1fx faster than vobject (target: 20x)\n", b / a
    else print "speedup: listwash finished in under 10 ms" }'
tail -n 1 "$WORK/listwash.err"
