#!/usr/bin/env bash
# Imports at province scale, end to end through the CLI (read, validate,
# normalise, match, register, commit, checkpoint), timed with GNU time:
#
#   Benchmarks/ImportAtScale/run.sh [rows=2000000]
#
# 1. `rows` generated rows (seed 7) imported into a fresh registry: a first load.
# 2. A registry of about a million teachers (1,150,000 rows, seed 21), then a
#    province batch of a million rows of other people (seed 22) imported into
#    a copy of it: as one CSV (in parts of 50,000 rows, the default, and
#    whole, for comparison), and as counties upload it — 32 county ZIPs of
#    16,666 school files (county-zips.py; needs python3).
# 3. The `rows` of step 1 (other people) into a copy of the same registry, in
#    parts: a file twice as long, whose peak memory is to be the million's.
#
# Prints wall time, rows per second and peak memory of each import, and the
# size of the registry file. Needs GNU time (apt-get install time). Files go
# under .build/import-at-scale/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-2000000}
WORK=.build/import-at-scale
mkdir -p "$WORK"

swift build -c release --product teacher-registry
BIN=$(pwd)/.build/release/teacher-registry

generate() {  # records seed folder
    [ -f "$WORK/$3/teachers.csv" ] || "$BIN" generate --records "$1" --seed "$2" --out "$WORK/$3" >/dev/null
}

timed_import() {  # label rows registry [import options...]
    local label=$1 rows=$2 db=$3
    shift 3
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN" import --db "$db" --partial "$@" 2>&1 | grep -E "^files" || true
    read -r seconds kilobytes < "$WORK/time.txt"
    awk -v l="$label" -v s="$seconds" -v k="$kilobytes" -v r="$rows" -v f="$(stat -c %s "$db")" \
        'BEGIN { printf "%s: %.1f s, %.0f rows/s, peak %.2f GB, registry %.2f GB\n", l, s, r / s, k / 1048576, f / 1073741824 }'
}

generate "$ROWS" 7 "first-load-$ROWS"
rm -f "$WORK/first-load.sqlite"*
timed_import "first load of $ROWS rows" "$ROWS" "$WORK/first-load.sqlite" --create 36 "$WORK/first-load-$ROWS/teachers.csv"

generate 1150000 21 base
generate 1000000 22 batch
[ -d "$WORK/batch-zips" ] || python3 Benchmarks/ImportAtScale/county-zips.py "$WORK/batch/teachers.csv" "$WORK/batch-zips"
rm -f "$WORK/base.sqlite"* "$WORK/province.sqlite"*
timed_import "registry of about a million teachers" 1150000 "$WORK/base.sqlite" --create 36 "$WORK/base/teachers.csv"
cp "$WORK/base.sqlite" "$WORK/province.sqlite"
timed_import "a million rows into it, one CSV" 1000000 "$WORK/province.sqlite" "$WORK/batch/teachers.csv"
cp "$WORK/base.sqlite" "$WORK/province.sqlite"
timed_import "a million rows into it, one CSV registered whole (not in parts)" 1000000 "$WORK/province.sqlite" --part-rows 2000000 "$WORK/batch/teachers.csv"
cp "$WORK/base.sqlite" "$WORK/province.sqlite"
timed_import "a million rows into it, 32 county ZIPs of school files" 1000000 "$WORK/province.sqlite" "$WORK/batch-zips/"*.zip
cp "$WORK/base.sqlite" "$WORK/province.sqlite"
timed_import "$ROWS rows of other people into it, one CSV (peak memory as for a million)" "$ROWS" "$WORK/province.sqlite" "$WORK/first-load-$ROWS/teachers.csv"
