#!/usr/bin/env bash
# Property-based requests against the API as its OpenAPI document describes
# it (schemathesis), sent to a real `teacher-registry serve` on 127.0.0.1
# holding the sample county, signed in as a province officer: no answer may be
# a 5xx and the server must still run at the end. Bounded in time.
#
#   Tests/Fuzz/api.sh .build/debug/teacher-registry [SECONDS]
set -euo pipefail
binary=$(realpath "$1")
seconds=${2:-120}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

if ! command -v st >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi
st=$(command -v st || echo "$(python3 -c 'import sys; print(sys.prefix)')/bin/st")

db="$work/registry.sqlite"
password="省级数据员口令2026年"
"$binary" import --db "$db" --create 36 --partial "$root/Data/samples/county/teachers.csv" >/dev/null 2>&1
TEACHER_REGISTRY_PASSWORD="$password" "$binary" user add --db "$db" --name province --role province --jurisdiction 36 --full-view --cost 4 >/dev/null
TEACHER_REGISTRY_PASSWORD="$password" "$binary" user add --db "$db" --name donghu --role county --jurisdiction 360102 --cost 4 >/dev/null
"$binary" school add --db "$db" --county 360102 --name 南昌市育才小学 2136010102 >/dev/null

"$binary" serve --db "$db" --port 0 --log-level warning > "$work/serve.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 100); do
    base=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.log" | head -1 || true)
    [ -n "$base" ] && break
    sleep 0.1
done
[ -n "$base" ] || { echo "the server did not start"; cat "$work/serve.log"; exit 1; }
token=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"user\":\"province\",\"password\":\"$password\"}" "$base/api/sessions" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# Signing out would end the session the run uses. One worker: with two, hypothesis parses lambda sources on two
# threads at once, which Python 3.11's parser does not survive ("AST constructor recursion depth mismatch").
"$st" run "$root/Sources/RegistryServer/openapi.json" --url "$base" -H "Authorization: Bearer $token" \
    --checks not_a_server_error --max-time "$seconds" --workers 1 --request-timeout 30 \
    --exclude-path /api/sessions --exclude-method DELETE --suppress-health-check all --warnings off \
    --seed 20261207 --continue-on-failure

kill -0 "$server" || { echo "the server died"; cat "$work/serve.log"; exit 1; }
if grep -q "internal error" "$work/serve.log"; then echo "the server logged internal errors:"; grep "internal error" "$work/serve.log"; exit 1; fi
echo "api fuzz: no server error, the server still runs"
