#!/usr/bin/env bash
# Load test: Ludmin (Release, embedded SQLite, rate limits off) under wrk on this machine.
# Measures the paths every client hits most: a liveness probe (the floor), a public token
# (signing only), a profile read with a user token (JWT check + session read + JSON), and a
# token refresh (JWT check + read + durable write). Usage: bench/load/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"
connections="${2:-32}"
port=5099

command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq wrk; }
command -v jq >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq jq; }

. bench/load/start-api.sh  # from the repository root (cd above)

cat >"$data/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"device_id":"$device"}'
LUA

run() {
  echo "== $1"
  shift
  wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" | grep -E "Requests/sec|Latency  |50%|99%|Non-2xx|Socket errors" || true
}
run "GET /health/live" "$api/health/live"
run "POST /tokens/public" -s "$data/post.lua" "$api/tokens/public"
run "GET /users/me (user token)" -H "Authorization: Bearer $token" "$api/users/me"
run "GET /tokens/{device_id} (refresh: read + durable write)" -H "Authorization: Bearer $token" "$api/tokens/$device"
