#!/usr/bin/env bash
# Wall time of `coffer run -- true` against a local server (the cost coffer adds in front of every
# process), beside `java -version`'s own start-up, measured with hyperfine in one run:
#   java -version                      the JVM alone
#   coffer run -- true                 the launcher as users run it (AOT cache, cached access token)
#   coffer run -- true, no AOT cache   the same JVM flags without the ahead-of-time cache
#
#   bench/cli-startup.sh [--runs 30]
# Installs hyperfine from Debian's packages when it is missing.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs=30
[ "${1:-}" = "--runs" ] && runs="$2"
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }

"$root/coffer" --version >/dev/null   # builds and makes the AOT cache if needed
java_home="$(cat "$root/.launcher/java-home")"
work="$(mktemp -d)"; port=$((20000 + RANDOM % 20000)); base="http://127.0.0.1:$port"
"$root/coffer" server --port "$port" --data-dir "$work/data" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 1 240); do curl -sf "$base/api/status" >/dev/null 2>&1 && break; sleep 0.25; done

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print(eval('d'+sys.argv[1]))" "$1"; }
post() { curl -sf -X POST "$base$1" -H "Content-Type: application/json" ${3:+-H "Authorization: Bearer $3"} -d "$2"; }
boot=$(post /api/v1/admin/bootstrap '{"email":"bench@example.com","password":"bench-password","organization":"Bench"}')
admin=$(echo "$boot" | json '["identity"]["credentials"]["token"]'); org=$(echo "$boot" | json '["organization"]["id"]')
project=$(post /api/v2/workspace '{"projectName":"startup"}' "$admin" | json '["project"]["id"]')
items=$(python3 -c 'import json; print(json.dumps([{"secretKey":"SECRET_%02d"%i,"secretValue":"v"*40} for i in range(20)]))')
post /api/v3/secrets/batch/raw "{\"workspaceId\":\"$project\",\"environment\":\"dev\",\"secrets\":$items}" "$admin" >/dev/null
ident=$(post /api/v1/identities "{\"name\":\"app\",\"organizationId\":\"$org\",\"role\":\"no-access\"}" "$admin" | json '["identity"]["id"]')
export COFFER_CLIENT_ID=$(post "/api/v1/auth/universal-auth/identities/$ident" '{}' "$admin" | json '["identityUniversalAuth"]["clientId"]')
export COFFER_CLIENT_SECRET=$(post "/api/v1/auth/universal-auth/identities/$ident/client-secrets" '{}' "$admin" | json '["clientSecret"]')
post "/api/v2/workspace/$project/identity-memberships/$ident" '{"role":"viewer"}' "$admin" >/dev/null
export COFFER_API_URL="$base" COFFER_PROJECT_ID="$project" COFFER_CONFIG_DIR="$work/config" XDG_CACHE_HOME="$work/cache"
[ "$("$root/coffer" run -- sh -c 'printf %s "$SECRET_07"')" = "$(printf 'v%.0s' $(seq 1 40))" ] || { echo "injection check failed"; exit 1; }

cli="$root/coffer-cli/target/coffer-cli.jar"
hyperfine -N --warmup 3 --runs "$runs" --export-json "$work/h.json" \
  -n "java -version" "$java_home/bin/java -version" \
  -n "coffer run -- true" "$root/coffer run -- true" \
  -n "coffer run -- true (no AOT cache)" "$java_home/bin/java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp $cli dev.coffer.cli.Main run -- true" \
  >/dev/null
python3 - "$work/h.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
base = r[0]["median"]
print(f"{'command':38} {'median':>9} {'vs java -version':>17}")
for x in r:
    print(f"{x['command']:38} {x['median']*1000:7.0f} ms {x['median']/base:16.2f}x")
PY
