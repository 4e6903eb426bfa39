#!/usr/bin/env bash
# import-users at scale: writes a JSON Lines file of N users (default 1,000,000; every tenth with
# a real passlib PBKDF2-SHA256 hash from tests/vectors, the others without a hash, as an export of
# users who never set a password would have them), imports it into a fresh SQLite store with the
# Release build, then runs the same import again (every user already there: the resume path).
# Prints the users/s of both runs, the file size, the store size and the machine's load average.
#
# Usage: bench/import.sh [--users N] [--batch-size N] [--keep DIR]
set -euo pipefail
cd "$(dirname "$0")/.."

USERS=1000000
BATCH=5000
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS="$2"; shift 2 ;;
    --batch-size) BATCH="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "usage: bench/import.sh [--users N] [--batch-size N] [--keep DIR]" >&2; exit 2 ;;
  esac
done

work="$(mktemp -d)"
data="${KEEP:-$work/data}"
mkdir -p "$data"
trap 'rm -rf "$work"' EXIT

echo "Building Ludmin in Release..." >&2
dotnet publish src/Ludmin.Api -c Release -o "$work/ludmin" -v quiet --nologo >/dev/null

echo "Writing $USERS users as JSON Lines..." >&2
hash="$(/usr/bin/python3 -c 'import json; print(next(v["hash"] for v in json.load(open("tests/vectors/foreign-hashes.json"))["vectors"] if v["format"] == "passlib-pbkdf2-sha256"))')"
/usr/bin/python3 - "$USERS" "$hash" >"$work/users.jsonl" <<'PY'
import json, sys
count, hash_ = int(sys.argv[1]), sys.argv[2]
out = sys.stdout
for n in range(1, count + 1):
    user = {"full_name": f"Imported User {n}", "email": f"user{n}@import.test", "email_verified": n % 2 == 0, "created_at": "2020-01-01T00:00:00Z"}
    if n % 10 == 0:
        user["password_hash"] = hash_
    out.write(json.dumps(user) + "\n")
PY
file_mb=$(du -m "$work/users.jsonl" | cut -f1)

run() {
  local log="$1"
  local start end
  start=$(date +%s.%N)
  LUDMIN_CONFIG=development Ludmin__DataDirectory="$data" Logging__LogLevel__Default=Warning \
    dotnet "$work/ludmin/Ludmin.Api.dll" import-users "$work/users.jsonl" --batch-size "$BATCH" >"$log" 2>&1 || { tail -5 "$log" >&2; exit 1; }
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" -v n="$USERS" 'BEGIN { printf "%.1f s, %.0f users/s", b - a, n / (b - a) }'
}

echo "Importing..." >&2
first="$(run "$work/first.log")"
tail -1 "$work/first.log" >&2
echo "Importing again (all there)..." >&2
again="$(run "$work/again.log")"
tail -1 "$work/again.log" >&2
store_mb=$(du -cm "$data"/ludmin.db* | tail -1 | cut -f1)

echo
echo "| users | batch | file | first run (wall clock, process start included) | re-run (all there) | store | load average (1/5/15 min) | cores |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
echo "| $USERS | $BATCH | $file_mb MB | $first | $again | $store_mb MB | $(cut -d' ' -f1-3 /proc/loadavg) | $(nproc) |"
