#!/usr/bin/env bash
# The refresh a careful client makes under refresh rotation, measured: N sessions, each refreshed
# on its own connection with the token the previous refresh returned (every refresh a durable
# compare-and-set of the session's generation), beside the within-grace replay that
# bench/compare.sh's refresh row measures, and the hello ceiling, in one run on loopback.
# Usage: bench/load/refresh-rotation.sh [--sessions N] [--duration SECONDS] [--warmup SECONDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
BENCH_DIR="$PWD/bench"
source "$BENCH_DIR/lib.sh"

SESSIONS=8
DURATION=10
WARMUP=3
while [ $# -gt 0 ]; do
  case "$1" in
    --sessions) SESSIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    *) echo "usage: bench/load/refresh-rotation.sh [--sessions N] [--duration SECONDS] [--warmup SECONDS]" >&2; exit 2 ;;
  esac
done
ensure_tools

work="$(mktemp -d /tmp/ludmin-rotation-XXXXXX)"
LUDMIN_PID=""
cleanup() { [ -n "$LUDMIN_PID" ] && kill "$LUDMIN_PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
echo "Publishing (Release)..." >&2
dotnet publish src/Ludmin.Api -c Release -o "$work/app" -v quiet --nologo >/dev/null
port=5391
ludmin="http://127.0.0.1:$port"
# A cheap Argon2 only to prepare the sessions quickly; no hashing is measured here.
start_ludmin "$work/app" "$work/data" "$port" "$work/ludmin.log" \
  Ludmin__Passwords__Argon2__MemoryKiB=1024 Ludmin__Passwords__Argon2__Iterations=1 \
  Ludmin__Tokens__RefreshReuseGrace=00:05:00  # the replay row replays one token: within the grace only
wait_up "$ludmin/health/ready"

password="Bench-password-1"
json() { jq -cn "$@"; }
session() { # -> "token device"
  local device email public token
  device="$(hex32)"; email="rotation-$1-$RANDOM$RANDOM@bench.test"
  public="$(curl -sf -X POST "$ludmin/tokens/public" -H 'Content-Type: application/json' -d "$(json --arg d "$device" '{device_id:$d}')" | jq -r .token)"
  curl -sf -o /dev/null -X POST "$ludmin/users" -H 'Content-Type: application/json' -H "Authorization: Bearer $public" \
    -d "$(json --arg e "$email" --arg p "$password" '{full_name:"Bench User",email:$e,password:$p,password_confirmation:$p}')"
  token="$(curl -sf -X POST "$ludmin/tokens" -H 'Content-Type: application/json' -H "Authorization: Bearer $public" \
    -d "$(json --arg e "$email" --arg p "$password" '{email:$e,password:$p,description:"wrk"}')" | jq -r .token)"
  echo "$token $device"
}
# A pool per run: a chain's first token is replaced by its first refresh, so starting a second run
# from it would be a reuse (and end the session); the replay has its own sessions for that reason.
for pool in warmup rotate replay; do
  for i in $(seq "$SESSIONS"); do session "$pool-$i"; done >"$work/$pool.pool"
done
if grep -q null "$work"/*.pool; then echo "preparing sessions failed" >&2; exit 1; fi

field() { sed -E "s/.* $1=([0-9.]+).*/\1/" <<<"$2"; }
run_rotating() { # POOL SECONDS -> RESULT line
  BENCH_POOL="$work/$1.pool" wrk -t"$SESSIONS" -c"$SESSIONS" -d"$2s" --latency -s "$BENCH_DIR/wrk/rotate.lua" "$ludmin" 2>&1 | grep '^RESULT' | tail -n 1
}
echo "Measuring..." >&2
BENCH_CONNECTIONS="$SESSIONS"
read -r hello hello50 hello99 _ <<<"$(measure hello "$ludmin" BENCH_PATH=/health/live)"
read -r replay replay50 replay99 _ <<<"$(measure replay "$ludmin" BENCH_PATH="/tokens/{2}" BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/replay.pool")"
run_rotating warmup "$WARMUP" >/dev/null
rotating="$(run_rotating rotate "$DURATION")"

echo
echo "$SESSIONS sessions on $SESSIONS connections, ${WARMUP} s warm-up, ${DURATION} s measured; 2xx user tokens only; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| workload | req/s | / hello | p50 ms | p99 ms |"
echo "| --- | ---: | ---: | ---: | ---: |"
echo "| hello (\`/health/live\`) | $hello | 1.00 | $hello50 | $hello99 |"
echo "| refresh, replaying one token (within the grace) | $replay | $(ratio "$replay" "$hello") | $replay50 | $replay99 |"
rate="$(field rate "$rotating")"
echo "| refresh, rotating (the newest token each time) | $rate | $(ratio "$rate" "$hello") | $(field p50 "$rotating") | $(field p99 "$rotating") |"
echo
echo "rotating: $(field ok "$rotating") user tokens of $(field total "$rotating") answers, $(field broken "$rotating") chains ended"
