#!/usr/bin/env bash
# A province batch with full template records (every column of the 中小学
# template, `generate --template`) into a registry of about a million
# teachers with full records, end to end through the CLI, timed with GNU time:
#
#   Benchmarks/ImportAtScale/full-records.sh [base_rows=1150000] [batch_rows=1000000]
#
# 1. `base_rows` rows (seed 21) imported into a fresh registry: a first load.
# 2. `batch_rows` rows of other people (seed 22) imported into a copy of it,
#    as one CSV (read and registered in parts of 50,000 rows).
#
# Prints wall time, rows per second and peak memory of each import, the
# registry's size, how many teachers and template records it holds, and the
# bytes a teacher of its largest tables.
# Needs GNU time (apt-get install time) and sqlite3. Files go under
# .build/import-at-scale/.
set -euo pipefail
cd "$(dirname "$0")/../.."
BASE=${1:-1150000}
BATCH=${2:-1000000}
WORK=.build/import-at-scale
mkdir -p "$WORK"

swift build -c release --product teacher-registry
BIN=$(pwd)/.build/release/teacher-registry

[ -f "$WORK/full-base-$BASE/teachers.csv" ] || "$BIN" generate --records "$BASE" --seed 21 --template --out "$WORK/full-base-$BASE" >/dev/null
[ -f "$WORK/full-batch-$BATCH/teachers.csv" ] || "$BIN" generate --records "$BATCH" --seed 22 --template --out "$WORK/full-batch-$BATCH" >/dev/null

timed_import() {  # label rows registry [import options...]
    local label=$1 rows=$2 db=$3
    shift 3
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$BIN" import --db "$db" --partial "$@" 2>/dev/null | grep -E "^files" || true
    read -r seconds kilobytes < "$WORK/time.txt"
    awk -v l="$label" -v s="$seconds" -v k="$kilobytes" -v r="$rows" -v f="$(stat -c %s "$db")" \
        'BEGIN { printf "%s: %.1f s, %.0f rows/s, peak %.2f GB, registry %.2f GB\n", l, s, r / s, k / 1048576, f / 1073741824 }'
}

rm -f "$WORK"/full-*.sqlite*
timed_import "first load, $BASE full-record rows" "$BASE" "$WORK/full-base.sqlite" --create 36 "$WORK/full-base-$BASE/teachers.csv"
cp "$WORK/full-base.sqlite" "$WORK/full-batch.sqlite"
timed_import "batch of $BATCH full-record rows into it" "$BATCH" "$WORK/full-batch.sqlite" "$WORK/full-batch-$BATCH/teachers.csv"
echo "teachers, template records: $(sqlite3 "$WORK/full-batch.sqlite" 'SELECT count(*) FROM teacher; SELECT count(*) FROM teacher_record;' | paste -sd ' ')"
# Where the room goes: the largest tables, in bytes a teacher.
sqlite3 "$WORK/full-batch.sqlite" "SELECT name || ': ' || (sum(pgsize) / (SELECT count(*) FROM teacher)) || ' bytes a teacher' FROM dbstat
    WHERE name IN ('event', 'source_record', 'teacher_record', 'match_key', 'teacher') GROUP BY name ORDER BY sum(pgsize) DESC"
