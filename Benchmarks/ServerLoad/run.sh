#!/usr/bin/env bash
# Load test of `teacher-registry serve` on loopback with wrk: teacher lookup
# (GET /api/teachers/{number}) and match (POST /api/match) against a registry
# of N generated teachers. Server and wrk share the machine's cores.
#
#   Benchmarks/ServerLoad/run.sh [teachers=1000000] [duration=30s] [connections=16] [soak=0]
#
# With soak=1, lookups and then matches each run for 10 minutes at full rate
# while the server's RSS is printed every minute (memory must stay flat).
#
# Needs wrk (apt-get install wrk) and python3 (to draw request samples from the
# registry file). The registry is built once under .build/server-load/ and reused.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-1000000}
DURATION=${2:-30s}
CONNECTIONS=${3:-16}
SOAK=${4:-0}
WORK=.build/server-load
DB=$WORK/registry-$N.sqlite
HERE=Benchmarks/ServerLoad
mkdir -p "$WORK"

swift build -c release --product teacher-registry
BIN=.build/release/teacher-registry

if [ ! -f "$DB" ]; then
    "$BIN" generate --records "$N" --seed 11 --out "$WORK/generated-$N"
    "$BIN" db init --db "$DB" --province 36
    # --partial: rows the generator corrupted beyond validation are reported, the rest imported.
    /usr/bin/time -v "$BIN" import --db "$DB" --partial "$WORK/generated-$N/teachers.csv" 2> "$WORK/import-$N.log" || true
    grep -E "Elapsed|Maximum resident" "$WORK/import-$N.log"
    TEACHER_REGISTRY_PASSWORD=load-test-password "$BIN" user add --db "$DB" --name load --role province --jurisdiction 36 --cost 4
fi

# Request samples: teacher numbers and match bodies taken from the registry itself.
python3 - "$DB" "$WORK" <<'PY'
import json, random, sqlite3, sys
db, work = sys.argv[1], sys.argv[2]
rows = sqlite3.connect(db).execute(
    "SELECT number, name, gender, birth_date FROM teacher WHERE merged_into IS NULL ORDER BY random() LIMIT 20000").fetchall()
with open(f"{work}/numbers.txt", "w") as numbers, open(f"{work}/records.jsonl", "w") as records:
    for number, name, gender, birth in rows:
        numbers.write(number + "\n")
        body = {"name": name}
        if gender: body["gender"] = gender
        if birth: body["birthDate"] = birth
        records.write(json.dumps(body, ensure_ascii=False) + "\n")
PY

"$BIN" serve --db "$DB" --port 0 --log-level warning > "$WORK/serve.log" 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 3000); do grep -Eq "(listening on|正在监听) http" "$WORK/serve.log" && break; sleep 0.2; done
URL=$(grep -o "http://127.0.0.1:[0-9]*" "$WORK/serve.log" | head -1)
[ -n "$URL" ] || { echo "the server did not start:"; cat "$WORK/serve.log"; exit 1; }
TOKEN=$(curl -s -X POST "$URL/api/sessions" -H 'content-type: application/json' \
    -d '{"user":"load","password":"load-test-password"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
export TOKEN NUMBERS="$WORK/numbers.txt" RECORDS="$WORK/records.jsonl"

rss() { ps -o rss= -p "$SERVER" | awk '{printf "%.0f MB", $1/1024}'; }
echo "teachers: $N; server RSS at start: $(rss)"
# Match answers come from an in-memory index built in the background at start.
START=$(date +%s)
until curl -s "$URL/health" | grep -q '"matchIndex":"ready"'; do sleep 1; done
echo "match index ready after $(( $(date +%s) - START ))s; server RSS: $(rss)"
echo "== lookup: GET /api/teachers?number=N"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/lookup.lua" "$URL"
echo "server RSS: $(rss)"
echo "== lookup, whole record: GET /api/teachers/N"
DETAIL=1 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/lookup.lua" "$URL"
echo "server RSS: $(rss)"
echo "== match: POST /api/match"
wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$HERE/match.lua" "$URL"
echo "server RSS: $(rss)"

if [ "$SOAK" = 1 ]; then
    # Ten minutes of lookups at full rate, then ten of matches: errors counted, RSS printed every minute.
    for kind in lookup match; do
        echo "== soak: $kind alone for 10 minutes, $CONNECTIONS connections"
        wrk -t2 -c"$CONNECTIONS" -d600s --latency -s "$HERE/$kind.lua" "$URL" > "$WORK/soak-$kind.txt" &
        LOAD=$!
        for minute in $(seq 10); do sleep 60; echo "minute $minute: server RSS $(rss)"; done
        wait "$LOAD"
        cat "$WORK/soak-$kind.txt"
    done
fi
