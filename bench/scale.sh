#!/usr/bin/env bash
# Ludmin with N users stored: makes them with generate-users (SQLite), then measures the paths
# whose cost could grow with N: GET /users/me, login (a lookup by email among N), refresh, and
# GET /users on its first page and on its last page (by cursor, as a client following next
# reaches it; measured as the repeated request of the last cursor). wrk -t1 -c32 after a
# warm-up; only 2xx answers count. Prints a Markdown table with p50/p99 and RSS.
#
# Usage: bench/scale.sh --users N [--duration SECONDS] [--warmup SECONDS] [--keep DIR]
#   --keep DIR  generate into DIR and keep it (a later run with the same DIR and N writes nothing)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR="$PWD/bench"
source "$BENCH_DIR/lib.sh"

USERS=""
DURATION=10
WARMUP=3
KEEP=""
while [ $# -gt 0 ]; do
  case "$1" in
    --users) USERS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --keep) KEEP="$2"; shift 2 ;;
    *) echo "usage: bench/scale.sh --users N [--duration SECONDS] [--warmup SECONDS] [--keep DIR]" >&2; exit 2 ;;
  esac
done
[ -n "$USERS" ] || { echo "usage: bench/scale.sh --users N [--duration SECONDS] [--warmup SECONDS] [--keep DIR]" >&2; exit 2; }

ensure_tools
work="$(mktemp -d)"
data="${KEEP:-$work/data}"
mkdir -p "$data"
LUDMIN_PID=""
cleanup() {
  [ -n "$LUDMIN_PID" ] && kill "$LUDMIN_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building Ludmin in Release..." >&2
dotnet publish src/Ludmin.Api -c Release -o "$work/ludmin" -v quiet --nologo >/dev/null

echo "Generating $USERS users..." >&2
seed_start=$(date +%s.%N)
LUDMIN_CONFIG=development Ludmin__DataDirectory="$data" Logging__LogLevel__Default=Warning \
  dotnet "$work/ludmin/Ludmin.Api.dll" generate-users "$USERS" >"$work/seed.log" 2>&1 || { cat "$work/seed.log" >&2; exit 1; }
seed_seconds=$(awk -v a="$seed_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
cat "$work/seed.log" >&2
password="generate-users password"

api="http://127.0.0.1:5203"
master="master@bench.test"
start_ludmin "$work/ludmin" "$data" 5203 "$work/ludmin.log" \
  Ludmin__Bootstrap__MasterEmail="$master" Ludmin__Bootstrap__MasterPassword="$password" \
  Ludmin__Tokens__RefreshReuseGrace=00:05:00  # its refresh row replays one token: within the grace only (a replay, not a rotation)
wait_up "$api/health/ready" || { cat "$work/ludmin.log" >&2; exit 1; }
read -r rss_idle _ <<<"$(rss_mb "$LUDMIN_PID")"

public_token() { curl -sf -X POST "$api/tokens/public" -H 'Content-Type: application/json' -d "{\"device_id\":\"$1\"}" | jq -r .token; }
login() { curl -sf -X POST "$api/tokens" -H 'Content-Type: application/json' -H "Authorization: Bearer $1" \
  -d "$(jq -cn --arg e "$2" --arg p "$password" '{email:$e,password:$p,description:"wrk"}')" | jq -r .token; }

# 32 sessions of users spread over the whole range, and 64 login entries likewise (each from a
# device of its own, so logins do not end the sessions).
echo "Preparing sessions..." >&2
for i in $(seq 32); do
  n=$(( (i * 7919 * 127) % USERS + 1 ))
  device="$(hex32)"
  echo "$(login "$(public_token "$device")" "user$n@generated.test") $device"
done >"$work/sessions.pool"
for i in $(seq 64); do
  n=$(( (i * 104729) % USERS + 1 ))
  echo "$(public_token "$(hex32)") user$n@generated.test"
done >"$work/logins.pool"
if grep -q null "$work/sessions.pool" "$work/logins.pool"; then echo "preparing sessions failed" >&2; exit 1; fi
master_token="$(login "$(public_token "$(hex32)")" "$master")"

last_cursor="$(/usr/bin/python3 "$BENCH_DIR/last_cursor.py" "$data/ludmin.db" 20)"
last_path="/users?page_size=20"
if [ -n "$last_cursor" ]; then
  last_path="/users?page_size=20&after=$last_cursor"
fi
check="$(curl -sf "$api$last_path" -H "Authorization: Bearer $master_token")" || { echo "the last page's cursor was refused" >&2; exit 1; }
[ "$(jq -r '.next' <<<"$check")" = "null" ] && [ "$(jq '.items | length' <<<"$check")" -ge 1 ] \
  || { echo "the last cursor's page is not the last page" >&2; exit 1; }

declare -A result
echo "Measuring..." >&2
result[profile]="$(measure "GET /users/me" "$api" BENCH_PATH=/users/me BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/sessions.pool")"
result[refresh]="$(measure "refresh" "$api" BENCH_PATH="/tokens/{2}" BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/sessions.pool")"
result[first]="$(measure "first page" "$api" BENCH_PATH="/users?page_size=20" BENCH_AUTH="Bearer $master_token")"
result[last]="$(measure "last page" "$api" BENCH_PATH="$last_path" BENCH_AUTH="Bearer $master_token")"
( sleep "$((WARMUP + DURATION / 2))"; rss_mb "$LUDMIN_PID" >"$work/rss" ) &
sampler=$!
result[login]="$(measure "login" "$api" BENCH_METHOD=POST BENCH_PATH=/tokens BENCH_AUTH="Bearer {1}" \
  BENCH_BODY="{\"email\":\"{2}\",\"password\":\"$password\",\"description\":\"wrk\"}" BENCH_POOL="$work/logins.pool")"
wait "$sampler" || true
read -r rss_login _ <"$work/rss" || true
read -r _ rss_peak <<<"$(rss_mb "$LUDMIN_PID")"
db_mb=$(du -m "$data/ludmin.db" | cut -f1)

echo
echo "$USERS users (generated in ${seed_seconds} s; database ${db_mb} MB); wrk -t1 -c${BENCH_CONNECTIONS:-32}, ${WARMUP} s warm-up, ${DURATION} s measured; 2xx only; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| workload at $USERS users | req/s | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: |"
for pair in "profile:GET /users/me" "login:login (lookup by email + Argon2id)" "refresh:refresh" "first:GET /users first page" "last:GET /users last page (by cursor)"; do
  key="${pair%%:*}"
  read -r rate p50 p99 _ <<<"${result[$key]}"
  echo "| ${pair#*:} | $rate | $p50 | $p99 |"
done
echo
echo "RSS: ${rss_idle} MB after start, ${rss_login:-?} MB under the login load, ${rss_peak} MB peak."
