#!/usr/bin/env bash
# Where a request spends its time: Ludmin (Release, embedded SQLite, Production settings, rate
# limits off) under wrk, with dotnet-trace sampling the CPU of the server meanwhile, then the
# methods that were on the stack longest (inclusive and exclusive). Usage:
#   bench/load/profile.sh [me|refresh|live] [seconds] [connections]
# Needs dotnet-trace (dotnet tool install -g dotnet-trace) and wrk. Written up in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${1:-me}"
duration="${2:-10}"
connections="${3:-32}"
port=5098
api="http://127.0.0.1:$port"
trace_tool="${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 2; }
[ -x "$trace_tool" ] || { echo "dotnet-trace is needed (dotnet tool install -g dotnet-trace)" >&2; exit 2; }

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

case "$target" in
  me) args=(-H "Authorization: Bearer $token" "$api/users/me") ;;
  refresh) args=(-H "Authorization: Bearer $token" "$api/tokens/$device") ;;
  live) args=("$api/health/live") ;;
  *) echo "unknown target $target (me, refresh, live)" >&2; exit 2 ;;
esac

# Warm-up (the JIT's figures are not the code's), then a measured run, then a traced run.
wrk -t1 -c"$connections" -d3s "${args[@]}" >/dev/null
echo "== $target: wrk -t1 -c$connections -d${duration}s"
wrk -t1 -c"$connections" -d"${duration}s" --latency "${args[@]}" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" || true
wrk -t1 -c"$connections" -d"$((duration + 2))s" "${args[@]}" >/dev/null &
load=$!
sleep 1
"$trace_tool" collect -p "$server" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf '%02d' "$duration")" -o "$data/trace.nettrace" >/dev/null 2>&1
wait "$load"
# The request's own frames, as shares of all samples: waiting threads (idle readers, timers)
# take the rest, so compare the rows with one another, not with 100 %.
echo "== where a request's time goes (inclusive share of all samples)"
"$trace_tool" report "$data/trace.nettrace" topN -n 2000 --inclusive 2>/dev/null \
  | grep -E "HttpProtocol.ProcessRequests|HttpConnection.ProcessRequestsAsync|AuthenticationMiddleware.+MoveNext|JwtBearerHandler.+HandleAuthenticateAsync|JsonWebTokenHandler.+ValidateTokenAsync|JwtBearerSetup|VerifySession|HasSession|ControllerActionInvoker.+InvokeInnerFilterAsync|UsersController|TokensController|GetUserHandler|RefreshTokenHandler|FindById|SqliteUserRepository.Read|UpdateAsync|JwtTokenIssuer|JsonWebTokenHandler.CreateToken|SystemTextJsonOutputFormatter|JsonSerializer.+Serialize|SecurityHeaders|RequestBodyLimit|ExceptionHandlerMiddleware|HostFiltering|RateLimit|ForwardedHeaders|RequestMetrics|DedicatedWorkerPool|sqlite3_step|sqlite3_prepare|GC.+Collect|WriteAsync" \
  | cut -c1-150 | head -60
if [ -n "${TRACE_OUT:-}" ]; then cp "$data/trace.nettrace" "$TRACE_OUT"; fi
