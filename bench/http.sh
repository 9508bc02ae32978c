#!/usr/bin/env bash
# HTTP throughput of a local Coffer server, measured with wrk in one run so the figures compare:
#   GET /api/status, listing 50 secrets with an identity token, listing a folder of 25 (half of them
#   referencing another folder) that imports 50 more, universal-auth login;
# plus the server's resident memory idle, right after the load, and after a rest (--rest seconds).
#
#   bench/http.sh [--duration 10s] [--warmup 5s] [--connections 32] [--rest 0] [--database-url postgres://…] [--audit off]
#
# --audit off starts the server with COFFER_AUDIT=off (no audit trail), to measure what auditing costs:
# compare the list/status ratio of a run with and without it.
# Installs wrk from Debian's packages when it is missing. Prints a table and the ratios to /api/status.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
duration=10s; warmup=5s; conns=32; dburl=""; rest=0; audit=on
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2;;
    --warmup) warmup="$2"; shift 2;;
    --connections) conns="$2"; shift 2;;
    --rest) rest="$2"; shift 2;;
    --database-url) dburl="$2"; shift 2;;
    --audit) audit="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

data="$(mktemp -d)"; port=$((20000 + RANDOM % 20000)); base="http://127.0.0.1:$port"
log="$data/server.log"
COFFER_AUDIT="$audit" COFFER_DATABASE_URL="$dburl" "$root/coffer" server --port "$port" --data-dir "$data" >"$log" 2>&1 &
launcher=$!
cleanup() { kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 240); do curl -sf "$base/api/status" >/dev/null 2>&1 && break; sleep 0.25; done
curl -sf "$base/api/status" >/dev/null || { echo "server did not start:"; cat "$log"; exit 1; }
pid=$(pgrep -P "$launcher" java || echo "$launcher")

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
post() { curl -sf -X POST "$base$1" -H "Content-Type: application/json" ${3:+-H "Authorization: Bearer $3"} -d "$2"; }

boot=$(post /api/v1/admin/bootstrap '{"email":"bench@example.com","password":"bench-password","organization":"Bench"}')
admin=$(echo "$boot" | json '["identity"]["credentials"]["token"]'); org=$(echo "$boot" | json '["organization"]["id"]')
project=$(post /api/v2/workspace '{"projectName":"bench"}' "$admin" | json '["project"]["id"]')
items=$(python3 -c 'import json; print(json.dumps([{"secretKey":"SECRET_%02d"%i,"secretValue":"value-%02d-"%i+"x"*40,"secretComment":"c"} for i in range(50)]))')
post /api/v3/secrets/batch/raw "{\"workspaceId\":\"$project\",\"environment\":\"dev\",\"secretPath\":\"/\",\"secrets\":$items}" "$admin" >/dev/null
# a folder /app with 25 secrets of its own, half of them referencing /shared, importing /shared's 50
for f in shared app; do post /api/v1/folders "{\"workspaceId\":\"$project\",\"environment\":\"dev\",\"path\":\"/\",\"name\":\"$f\"}" "$admin" >/dev/null; done
post /api/v3/secrets/batch/raw "{\"workspaceId\":\"$project\",\"environment\":\"dev\",\"secretPath\":\"/shared\",\"secrets\":$items}" "$admin" >/dev/null
app_items=$(python3 -c 'import json; print(json.dumps([{"secretKey":"APP_%02d"%i,"secretValue":("${dev.shared.SECRET_%02d}"%i) if i%2 else "app-value-%02d"%i} for i in range(25)]))')
post /api/v3/secrets/batch/raw "{\"workspaceId\":\"$project\",\"environment\":\"dev\",\"secretPath\":\"/app\",\"secrets\":$app_items}" "$admin" >/dev/null
post /api/v1/secret-imports "{\"workspaceId\":\"$project\",\"environment\":\"dev\",\"path\":\"/app\",\"import\":{\"environment\":\"dev\",\"path\":\"/shared\"}}" "$admin" >/dev/null
ident=$(post /api/v1/identities "{\"name\":\"bench-app\",\"organizationId\":\"$org\",\"role\":\"no-access\"}" "$admin" | json '["identity"]["id"]')
client_id=$(post "/api/v1/auth/universal-auth/identities/$ident" '{}' "$admin" | json '["identityUniversalAuth"]["clientId"]')
client_secret=$(post "/api/v1/auth/universal-auth/identities/$ident/client-secrets" '{}' "$admin" | json '["clientSecret"]')
post "/api/v2/workspace/$project/identity-memberships/$ident" '{"role":"viewer"}' "$admin" >/dev/null
token=$(post /api/v1/auth/universal-auth/login "{\"clientId\":\"$client_id\",\"clientSecret\":\"$client_secret\"}" | json '["accessToken"]')
list="$base/api/v3/secrets/raw?workspaceId=$project&environment=dev&secretPath=/"
count=$(curl -sf "$list" -H "Authorization: Bearer $token" | json '["secrets"].__len__()')
[ "$count" = 50 ] || { echo "expected 50 secrets, got $count"; exit 1; }
imports="$base/api/v3/secrets/raw?workspaceId=$project&environment=dev&secretPath=/app&include_imports=true&expandSecretReferences=true"
got=$(curl -sf "$imports" -H "Authorization: Bearer $token" | json '["imports"][0]["secrets"].__len__()')
[ "$got" = 50 ] || { echo "expected 50 imported secrets, got $got"; exit 1; }

sleep 2
rss_idle=$(ps -o rss= -p "$pid" | tr -d ' ')
rps() { sed -n 's/^Requests\/sec: *//p'; }
p99() { sed -n 's/^ *99% *//p'; }
threads=2; [ "$conns" -lt 2 ] && threads=1   # wrk needs a connection per thread
run() { wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" 2>&1; }

# warm-up: each measured request runs unmeasured first (--warmup, twice over), so the figures are of
# compiled code and not of the JIT compiler, which takes most of a core for the first tens of seconds
if [ "$warmup" != 0 ]; then
  for _ in 1 2; do
    wrk -t"$threads" -c"$conns" -d"$warmup" "$base/api/status" >/dev/null 2>&1
    wrk -t"$threads" -c"$conns" -d"$warmup" -H "Authorization: Bearer $token" "$list" >/dev/null 2>&1
    wrk -t"$threads" -c"$conns" -d"$warmup" -H "Authorization: Bearer $token" "$imports" >/dev/null 2>&1
    BENCH_CLIENT_ID="$client_id" BENCH_CLIENT_SECRET="$client_secret" wrk -t"$threads" -c"$conns" -d"$warmup" \
      -s "$root/bench/login.lua" "$base/api/v1/auth/universal-auth/login" >/dev/null 2>&1
  done
fi
out_status=$(run "$base/api/status")
out_list=$(run -H "Authorization: Bearer $token" "$list")
out_imports=$(run -H "Authorization: Bearer $token" "$imports")
out_login=$(BENCH_CLIENT_ID="$client_id" BENCH_CLIENT_SECRET="$client_secret" run -s "$root/bench/login.lua" "$base/api/v1/auth/universal-auth/login")
rss_load=$(ps -o rss= -p "$pid" | tr -d ' ')
rss_rest=""
if [ "$rest" -gt 0 ]; then sleep "$rest"; rss_rest=$(ps -o rss= -p "$pid" | tr -d ' '); fi
errors=$(printf '%s\n%s\n%s\n%s\n' "$out_status" "$out_list" "$out_imports" "$out_login" | grep -E 'Non-2xx|Socket errors' || true)

s=$(echo "$out_status" | rps); l=$(echo "$out_list" | rps); g=$(echo "$out_login" | rps); m=$(echo "$out_imports" | rps)
dbkind=SQLite; [ -n "$dburl" ] && dbkind=PostgreSQL   # the kind only: the URL may hold a password
echo "database: $dbkind  audit: $audit  wrk -t$threads -c$conns -d$duration after a ${warmup} warm-up  ($(nproc) cores)"
printf '%-34s %12s %10s %14s\n' "endpoint" "req/s" "p99" "vs /api/status"
printf '%-34s %12s %10s %14s\n' "GET /api/status" "$s" "$(echo "$out_status" | p99)" "1.00"
printf '%-34s %12s %10s %14s\n' "GET secrets/raw (50 secrets)" "$l" "$(echo "$out_list" | p99)" "$(python3 -c "print(f'{$l/$s:.4f}')")"
printf '%-34s %12s %10s %14s\n' "GET secrets/raw 25 + 50 imported" "$m" "$(echo "$out_imports" | p99)" "$(python3 -c "print(f'{$m/$s:.4f}')")"
printf '%-34s %12s %10s %14s\n' "POST universal-auth/login" "$g" "$(echo "$out_login" | p99)" "$(python3 -c "print(f'{$g/$s:.4f}')")"
echo "RSS idle: $((rss_idle / 1024)) MiB   RSS after load: $((rss_load / 1024)) MiB${rss_rest:+   RSS ${rest} s after load: $((rss_rest / 1024)) MiB}"
[ -z "$errors" ] || { echo "wrk reported errors:"; echo "$errors"; }
