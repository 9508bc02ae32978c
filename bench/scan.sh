#!/usr/bin/env bash
# Wall time of `coffer scan` over a generated tree of 3,000 source files (about 16 MB, many lines that
# mention keys, tokens and passwords, three real-looking secrets), measured with hyperfine:
#
#   bench/scan.sh [--files 3000] [--runs 10]
#
# Installs hyperfine from Debian's packages when it is missing. The scan exits 1 (it finds the three
# secrets), which hyperfine is told to accept.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
files=3000; runs=10
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files="$2"; shift 2;;
    --runs) runs="$2"; shift 2;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
"$root/coffer" --version >/dev/null   # builds if needed
tree="$(mktemp -d)"; trap 'rm -rf "$tree"' EXIT
python3 - "$tree" "$files" <<'PY'
import os, random, sys
root, files = sys.argv[1], int(sys.argv[2])
lines = [
  'import { createHash } from "node:crypto";',
  'const cacheKey = `${user.id}:${request.path}`;',
  '    String password = request.getParameter("password");',
  '  password: ${DB_PASSWORD}',
  '  - name: API_KEY',
  '    // Rotate the signing key every 90 days; see KeyRotationPolicy.',
  'SELECT id, name, created_at FROM accounts WHERE org_id = $1 ORDER BY created_at DESC;',
  'DATABASE_URL=postgres://app@db:5432/app',
]
rnd = random.Random(5)
for n in range(files):
    d = os.path.join(root, "pkg%d" % (n % 40), "sub%d" % (n % 7)); os.makedirs(d, exist_ok=True)
    body = []
    while sum(len(l) + 1 for l in body) < 5500: body.append(rnd.choice(lines))
    if n == files // 3: body.append('const k = "AIza' + "".join(rnd.choice("abcdefghijkLMNOP0123456789_-") for _ in range(35)) + '";')
    if n == files // 2: body.append('db_password = "' + "".join(rnd.choice("abcdefXYZ0123456789!#%") for _ in range(24)) + '"')
    open(os.path.join(d, "File%d.ts" % n), "w").write("\n".join(body) + "\n")
PY
hyperfine --warmup 1 --runs "$runs" -i "'$root/coffer' scan '$tree' >/dev/null"
