#!/usr/bin/env bash
# What SQLite alone needs to write what a first load stores — the floor under
# any code that registers teachers into this schema:
#
#   Benchmarks/SQLiteFloor/run.sh [rows=200000]
#
# 1. `rows` generated rows (seed 7) imported into a fresh registry with the
#    CLI (read, validate, normalise, match, register), timed.
# 2. The same registry copied table by table into an empty file of the same
#    schema by the `sqlite3` shell, in primary-key order, in one
#    transaction, with no journal, no syncing and no foreign-key checks:
#    the least work SQLite can do to store those rows and build their
#    indexes. Prints each table's time and teachers per second.
#
# Needs the sqlite3 shell and GNU time (apt-get install sqlite3 time).
# Files go under .build/sqlite-floor/.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-200000}
WORK=.build/sqlite-floor
mkdir -p "$WORK"
swift build -c release --product teacher-registry
BIN=$(pwd)/.build/release/teacher-registry

[ -f "$WORK/rows-$ROWS/teachers.csv" ] || "$BIN" generate --records "$ROWS" --seed 7 --out "$WORK/rows-$ROWS" >/dev/null
rm -f "$WORK/registry.sqlite"* "$WORK/copy.sqlite"*
/usr/bin/time -f "%e" -o "$WORK/time.txt" "$BIN" import --db "$WORK/registry.sqlite" --partial --create 36 \
    "$WORK/rows-$ROWS/teachers.csv" | grep -E "^files"
TEACHERS=$(sqlite3 "$WORK/registry.sqlite" "SELECT count(*) FROM teacher")
awk -v s="$(cat "$WORK/time.txt")" -v t="$TEACHERS" \
    'BEGIN { printf "the CLI: %d teachers in %.2f s, %.0f teachers/s\n", t, s, t / s }'

sqlite3 "$WORK/registry.sqlite" .schema | sqlite3 "$WORK/copy.sqlite"
# One INSERT … SELECT a table, ordered by its primary key (rowid when it has none).
COPIES=$(sqlite3 "$WORK/registry.sqlite" "
    SELECT 'INSERT INTO main.\"' || m.name || '\" SELECT * FROM src.\"' || m.name || '\" ORDER BY '
        || coalesce((SELECT group_concat('\"' || name || '\"', ', ')
                     FROM (SELECT name FROM pragma_table_info(m.name) WHERE pk > 0 ORDER BY pk)), 'rowid') || ';'
    FROM sqlite_master m WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name")
sync
START=$(date +%s.%N)
sqlite3 "$WORK/copy.sqlite" <<SQL | awk '/^INSERT|^COMMIT/ { what = $0 } /^Run Time/ { printf "%-40s %s s\n", substr(what, 1, 40), $4 }'
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA foreign_keys = OFF;
PRAGMA cache_size = -1048576;
ATTACH '$WORK/registry.sqlite' AS src;
BEGIN;
.timer on
.echo on
$COPIES
COMMIT;
SQL
END=$(date +%s.%N)
awk -v s="$(echo "$END - $START" | bc)" -v t="$TEACHERS" \
    'BEGIN { printf "sqlite3 alone: %d teachers in %.2f s, %.0f teachers/s\n", t, s, t / s }'
