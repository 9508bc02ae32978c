#!/usr/bin/env bash
# Server time of each web console page with 1,000 secrets in a project: a local server (SQLite, or
# PostgreSQL with --database-url), 1,000 secrets in each of dev and prod (every tenth value differs),
# then each page fetched --requests times one after another (after --warmup fetches), as a signed-in
# person through the console's own cookie and CSRF token. Prints p50, p95 and max per page, in ms, as
# curl measures them on loopback (time to the last byte of the answer).
#
#   bench/console.sh [--requests 100] [--warmup 20] [--secrets 1000] [--database-url postgres://…]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requests=100; warmup=20; count=1000; dburl=""
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests="$2"; shift 2;;
    --warmup) warmup="$2"; shift 2;;
    --secrets) count="$2"; shift 2;;
    --database-url) dburl="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done

data="$(mktemp -d)"; port=$((20000 + RANDOM % 20000)); base="http://127.0.0.1:$port"
log="$data/server.log"; jar="$data/cookies"
COFFER_DATABASE_URL="$dburl" "$root/coffer" server --port "$port" --data-dir "$data" >"$log" 2>&1 &
launcher=$!
cleanup() { kill "$launcher" 2>/dev/null || true; wait "$launcher" 2>/dev/null || true; rm -rf "$data"; }
trap cleanup EXIT
for _ in $(seq 1 240); do curl -sf "$base/api/status" >/dev/null 2>&1 && break; sleep 0.25; done
curl -sf "$base/api/status" >/dev/null || { echo "server did not start:"; cat "$log"; exit 1; }

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
post() { curl -sf -X POST "$base$1" -H "Content-Type: application/json" ${3:+-H "Authorization: Bearer $3"} -d "$2"; }

password='a long bench password'
admin=$(post /api/v1/admin/bootstrap "{\"email\":\"bench@example.com\",\"password\":\"$password\",\"organization\":\"Bench\"}" \
  | json "['identity']['credentials']['token']")
project=$(post /api/v2/workspace '{"projectName":"bench"}' "$admin" | json "['project']['id']")
for env in dev prod; do
  for start in $(seq 0 100 $((count - 1))); do
    items=$(python3 -c "import json,sys; s,n,e=int(sys.argv[1]),int(sys.argv[2]),sys.argv[3]; print(json.dumps([{'secretKey':'SECRET_%04d'%i,'secretValue':('value-%04d-'%i)+('prod' if e=='prod' and i%10==0 else 'x'*20),'secretComment':'bench'} for i in range(s,min(s+100,n))]))" "$start" "$count" "$env")
    post /api/v3/secrets/batch/raw "{\"workspaceId\":\"$project\",\"environment\":\"$env\",\"secretPath\":\"/\",\"secrets\":$items}" "$admin" >/dev/null
  done
done

# log in through the console's form: its pre-session cookie and token, then the session cookie
csrf() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1; }
token=$(curl -sf -c "$jar" -b "$jar" "$base/login" | csrf)
curl -sf -o /dev/null -c "$jar" -b "$jar" "$base/login" --data-urlencode "email=bench@example.com" \
  --data-urlencode "password=$password" --data-urlencode "csrf=$token" --data-urlencode "next=/"
token=$(curl -sf -c "$jar" -b "$jar" "$base/" | csrf)
[ -n "$token" ] || { echo "could not log in to the console"; exit 1; }

measure() { # name method path [form…]
  local name="$1" method="$2" path="$3"; shift 3
  local args=(-s -o /dev/null -w '%{http_code} %{time_total}\n' -c "$jar" -b "$jar")
  [ "$method" = POST ] && args+=(--data-urlencode "csrf=$token" "$@")
  for _ in $(seq 1 "$warmup"); do curl "${args[@]}" "$base$path" >/dev/null; done
  for _ in $(seq 1 "$requests"); do curl "${args[@]}" "$base$path"; done | python3 -c '
import sys
name = sys.argv[1]
rows = [l.split() for l in sys.stdin if l.strip()]
bad = [r[0] for r in rows if r[0] not in ("200", "303")]
t = sorted(float(r[1]) * 1000 for r in rows)
p = lambda q: t[min(len(t) - 1, int(round(q * (len(t) - 1))))]
print("%-34s %7.1f %7.1f %7.1f %s" % (name, p(0.5), p(0.95), t[-1], "" if not bad else " (answers " + ",".join(sorted(set(bad))) + ")"))
' "$name"
}

echo "console pages with $count secrets in each of dev and prod; $requests requests each after $warmup warm-up"
printf '%-34s %7s %7s %7s\n' page p50_ms p95_ms max_ms
measure "projects (/)" GET "/"
measure "matrix (3 environments)" GET "/projects/$project"
measure "matrix, search" GET "/projects/$project?q=SECRET_09"
measure "folder (dev /, $count secrets)" GET "/projects/$project/env/dev"
measure "secret (history)" GET "/projects/$project/env/dev/secret?path=%2F&key=SECRET_0500"
measure "access" GET "/projects/$project/access"
measure "audit log" GET "/audit"
measure "reveal one value" POST "/projects/$project/env/dev/reveal" --data-urlencode "path=/" --data-urlencode "key=SECRET_0500"
measure "import preview (3 lines)" POST "/projects/$project/env/dev/import" --data-urlencode "path=/" \
  --data-urlencode $'dotenv=SECRET_0001=new\nNEW_KEY=1\nSECRET_0002=value-0002-xxxxxxxxxxxxxxxxxxxx'
# the history screens
measure "folder, filtered by a tag" GET "/projects/$project/env/dev?tag=none"
measure "commits (dev /, 10 batches)" GET "/projects/$project/env/dev/commits?path=%2F"
first=$(curl -sf "$base/api/v1/folder-commits?projectId=$project&environment=dev&path=/" -H "Authorization: Bearer $admin" \
  | json "['commits'][-1]['id']")
measure "rollback plan (900 deletions)" GET "/projects/$project/env/dev/recover?path=%2F&commit=$first"
measure "references (SECRET_0500)" GET "/projects/$project/env/dev/references?path=%2F&key=SECRET_0500"
measure "versions compared (v1, v1)" GET "/projects/$project/env/dev/secret?path=%2F&key=SECRET_0500&from=1&to=1"
measure "audit export (CSV)" GET "/audit/export?format=csv"
