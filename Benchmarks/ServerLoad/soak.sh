#!/usr/bin/env bash
# The sign-in flood soak: normal requests (teacher lookups and matches at a
# fixed rate) for 2 minutes alone, then for 10 minutes beside a flood of
# wrong passwords from 250 loopback addresses, against a release build of
# `teacher-registry serve` on a registry of the sample county plus N
# generated teachers, with bcrypt at its standard cost. Prints the normal
# requests' p50/p90/p99 in both phases, their ratio, and what the flood got.
#
#   Benchmarks/ServerLoad/soak.sh [generated=200000] [quiet=120] [soak=600] [rate=40] [flood_processes=4]
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-200000}
QUIET=${2:-120}
SOAK=${3:-600}
RATE=${4:-40}
FLOOD=${5:-4}
WORK=.build/server-soak
DB=$WORK/registry-$N.sqlite
mkdir -p "$WORK"

swift build -c release --product teacher-registry
BIN=.build/release/teacher-registry
if [ ! -f "$DB" ]; then
    "$BIN" generate --records "$N" --seed 13 --out "$WORK/generated-$N"
    "$BIN" import --db "$DB" --create 36 --partial Data/samples/county/teachers.csv >/dev/null 2>&1
    "$BIN" import --db "$DB" --partial "$WORK/generated-$N/teachers.csv" >/dev/null 2>&1 || true
    # The standard bcrypt cost: a sign-in costs what it costs in production.
    TEACHER_REGISTRY_PASSWORD=soak-test-password-2026 "$BIN" user add --db "$DB" --name load --role province --jurisdiction 36
fi
python3 - "$DB" "$WORK/numbers.tsv" <<'PY'
import sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT number, name FROM teacher WHERE merged_into IS NULL ORDER BY random() LIMIT 20000").fetchall()
open(sys.argv[2], "w", encoding="utf-8").write("".join(f"{n}\t{name}\n" for n, name in rows))
PY

# A run before may have locked the user with its flood (its sessions stay open, new sign-ins wait): lift it.
"$BIN" user enable --db "$DB" --name load >/dev/null
"$BIN" serve --db "$DB" --port 0 --log-level error > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 3000); do grep -Eq "(listening on|正在监听) http" "$WORK/serve.log" && break; sleep 0.2; done
URL=$(grep -o "http://127.0.0.1:[0-9]*" "$WORK/serve.log" | head -1)
until curl -s "$URL/health" | grep -q '"matchIndex":"ready"'; do sleep 1; done
TOKEN=$(curl -s -X POST "$URL/api/sessions" -H 'content-type: application/json' \
    -d '{"user":"load","password":"soak-test-password-2026"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
echo "server RSS at start: $(ps -o rss= -p "$SERVER" | awk '{printf "%.0f MB", $1/1024}')"
python3 Benchmarks/ServerLoad/soak.py "$URL" "$TOKEN" "$WORK/numbers.tsv" "$QUIET" "$SOAK" "$RATE" "$FLOOD"
echo "server RSS at end: $(ps -o rss= -p "$SERVER" | awk '{printf "%.0f MB", $1/1024}')"
