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

/usr/bin/time -f "%e %M %U %S" -o "$WORK/listwash.time" "$BIN" parse "$FILE" > "$WORK/listwash.jsonl" 2> "$WORK/listwash.err"
/usr/bin/time -f "%e %M %U %S" -o "$WORK/vobject.time" python3 "$HERE/vobject_parse.py" "$FILE" "$WORK/vobject.jsonl" 2> "$WORK/vobject.err"

LW_RECORDS=$(wc -l < "$WORK/listwash.jsonl")
VO_RECORDS=$(wc -l < "$WORK/vobject.jsonl")
BYTES=$(wc -c < "$FILE")

# Wall time, peak RSS and CPU (user + system) of each run; on a busy machine CPU time is the
# fairer comparison, so the speedup is given on both.
echo "input: $FILE ($CARDS cards, $BYTES bytes)"
printf '%-10s %9s %9s %12s %9s %12s\n' tool "wall s" "cpu s" "peak RSS MB" records "cards/cpu-s"
row() {
    awk -v t="$1" -v r="$2" -v c="$CARDS" '{
        cpu = $3 + $4; rate = (cpu > 0) ? c / cpu : 0
        printf "%-10s %9.2f %9.2f %12.1f %9d %12.0f\n", t, $1, cpu, $2 / 1024, r, rate }' "$3"
}
row listwash "$LW_RECORDS" "$WORK/listwash.time"
row vobject "$VO_RECORDS" "$WORK/vobject.time"
awk 'NR == FNR { lw_wall = $1; lw_cpu = $3 + $4; next } { vo_wall = $1; vo_cpu = $3 + $4 } END {
    if (lw_wall > 0) printf "speedup (wall): %.1fx\n", vo_wall / lw_wall
    if (lw_cpu > 0) printf "speedup (cpu):  %.1fx   (target: listwash at least 20x faster)\n", vo_cpu / lw_cpu
}' "$WORK/listwash.time" "$WORK/vobject.time"
tail -n 1 "$WORK/listwash.err"
tail -n 1 "$WORK/vobject.err"
