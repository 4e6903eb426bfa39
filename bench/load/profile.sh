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
trace_tool="${DOTNET_TRACE:-$HOME/.dotnet/tools/dotnet-trace}"

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed (apt-get install jq)" >&2; exit 2; }
[ -x "$trace_tool" ] || { echo "dotnet-trace is needed (dotnet tool install -g dotnet-trace)" >&2; exit 2; }

. bench/load/start-api.sh  # from the repository root (cd above)

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
