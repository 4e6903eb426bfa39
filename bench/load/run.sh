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
api="http://127.0.0.1:$port"

command -v wrk >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq wrk; }
command -v jq >/dev/null || { sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo; $sudo apt-get install -y -qq jq; }

data="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
dotnet publish src/Ludmin.Api -c Release -o "$data/app" -v quiet --nologo >/dev/null
LUDMIN_CONFIG=production \
Urls="$api" \
Ludmin__DataDirectory="$data/store" \
Ludmin__Tokens__SigningKey="load-test-signing-key-0123456789-abcdefghijklmnopq" \
Ludmin__RateLimits__Enabled=false \
Logging__LogLevel__Default=Warning \
dotnet "$data/app/Ludmin.Api.dll" >"$data/server.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -sf "$api/health/live" >/dev/null && break; sleep 0.2; done

device=0123456789abcdef0123456789abcdef
public=$(curl -sf -X POST "$api/tokens/public" -H 'Content-Type: application/json' -d "{\"device_id\":\"$device\"}" | jq -r .token)
curl -sf -X POST "$api/users" -H 'Content-Type: application/json' -H "Authorization: Bearer $public" \
  -d '{"full_name":"Load","email":"load@example.com","password":"correct horse battery","password_confirmation":"correct horse battery"}' >/dev/null
token=$(curl -sf -X POST "$api/tokens" -H 'Content-Type: application/json' -H "Authorization: Bearer $public" \
  -d '{"email":"load@example.com","password":"correct horse battery","description":"wrk"}' | jq -r .token)

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
