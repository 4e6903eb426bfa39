# Shared by bench/compare.sh and bench/scale.sh (sourced, not run).

# wrk, jq, curl and libargon2 from Debian when missing.
ensure_tools() {
  local need=()
  command -v wrk >/dev/null 2>&1 || need+=(wrk)
  command -v jq >/dev/null 2>&1 || need+=(jq)
  command -v curl >/dev/null 2>&1 || need+=(curl)
  # The reference Argon2 library, for bench/hash-rate's hash bound (Debian's libargon2-1).
  ldconfig -p 2>/dev/null | grep -q 'libargon2\.so\.1 ' || need+=(libargon2-1)
  if [ ${#need[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || { $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }
  fi
}

# wait_up URL: until it answers 2xx (60 s at most).
wait_up() {
  for _ in $(seq 300); do
    curl -sf -o /dev/null "$1" && return 0
    sleep 0.2
  done
  echo "not up: $1" >&2
  return 1
}

# Resident set size of a process, now and at its peak, in MB: "now peak".
rss_mb() {
  awk '/^VmRSS:/ { now = $2 } /^VmHWM:/ { peak = $2 } END { printf "%.0f %.0f", now / 1024, peak / 1024 }' "/proc/$1/status"
}

# A fresh 32-hex-digit device id.
hex32() { od -An -N16 -tx1 /dev/urandom | tr -d ' \n'; }

# drive SECONDS URL [VAR=value ...]: one wrk run of bench/wrk/request.lua; prints
# "rate p50 p99 ok total" (2xx per second; milliseconds).
drive() {
  local seconds="$1" url="$2"
  shift 2
  local out
  out="$(env BENCH_RUN="r$(date +%s%N)" "$@" wrk -t1 -c"${BENCH_CONNECTIONS:-32}" -d"${seconds}s" --latency \
    -s "$BENCH_DIR/wrk/request.lua" "$url" 2>&1)" || { echo "wrk failed: $out" >&2; echo "0 0 0 0 0"; return; }
  local line
  line="$(printf '%s\n' "$out" | grep '^RESULT' | tail -n 1)"
  [ -n "$line" ] || { echo "no result from wrk: $out" >&2; echo "0 0 0 0 0"; return; }
  local rate p50 p99 ok total
  rate="$(sed -E 's/.* rate=([0-9.]+).*/\1/' <<<"$line")"
  p50="$(sed -E 's/.* p50=([0-9.]+).*/\1/' <<<"$line")"
  p99="$(sed -E 's/.* p99=([0-9.]+).*/\1/' <<<"$line")"
  ok="$(sed -E 's/.* ok=([0-9]+).*/\1/' <<<"$line")"
  total="$(sed -E 's/.* total=([0-9]+).*/\1/' <<<"$line")"
  echo "$rate $p50 $p99 $ok $total"
}

# measure LABEL URL [VAR=value ...]: a warm-up (WARMUP seconds, not counted), then DURATION
# seconds measured; prints the result line of drive and warns when answers were not 2xx.
measure() {
  local label="$1"
  shift
  drive "$WARMUP" "$@" >/dev/null
  local result
  result="$(drive "$DURATION" "$@")"
  read -r _ _ _ ok total <<<"$result"
  if [ "$ok" != "$total" ]; then
    echo "note: $label: $((total - ok)) of $total answers were not 2xx (not counted)" >&2
  fi
  echo "$result"
}

# ratio A B: A / B with two decimals, or "—".
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a + 0 > 0) printf "%.2f", a / b; else printf "—" }'; }

# Ludmin as it ships: published in Release, Production settings, tokens signed with an ES256
# key made by its own generate-key (beside the data folder), on loopback with rate limits off
# (the peer has none). Everything else, the refresh-reuse grace and the hashing cost among it, at
# its default; a caller that needs otherwise passes it.
# start_ludmin APP_DIR DATA_DIR PORT LOG [VAR=value ...]; sets LUDMIN_PID.
start_ludmin() {
  local app="$1" data="$2" port="$3" log="$4"
  shift 4
  local key="$data.signing.pem"
  [ -f "$key" ] || LUDMIN_CONFIG=production dotnet "$app/Ludmin.Api.dll" generate-key "$key" >/dev/null
  env LUDMIN_CONFIG=production \
    Urls="http://127.0.0.1:$port" \
    Ludmin__DataDirectory="$data" \
    Ludmin__Tokens__Keys__0__Id=bench \
    Ludmin__Tokens__Keys__0__PemFile="$key" \
    Ludmin__Tokens__Keys__0__Signing=true \
    Ludmin__Tokens__PublicBaseUrl="http://127.0.0.1:$port" \
    Ludmin__RateLimits__Enabled=false \
    Logging__LogLevel__Default=Warning \
    "$@" dotnet "$app/Ludmin.Api.dll" >"$log" 2>&1 &
  LUDMIN_PID=$!
}

# chain_refresh URL POOL KIND SECONDS: bench/wrk/rotate.lua, one refresh chain per connection
# (as many as the pool has lines), each sending the token the previous refresh returned; KIND is
# ludmin or peer. Prints "rate p50 p99 ok total broken" (broken: chains that ended).
chain_refresh() {
  local url="$1" pool="$2" kind="$3" seconds="$4" chains out line
  chains="$(grep -c . "$pool")"
  out="$(BENCH_POOL="$pool" BENCH_KIND="$kind" wrk -t"$chains" -c"$chains" -d"${seconds}s" --latency \
    -s "$BENCH_DIR/wrk/rotate.lua" "$url" 2>&1)" || { echo "wrk failed: $out" >&2; echo "0 0 0 0 0 0"; return; }
  line="$(printf '%s\n' "$out" | grep '^RESULT' | tail -n 1)"
  [ -n "$line" ] || { echo "no result from wrk: $out" >&2; echo "0 0 0 0 0 0"; return; }
  local f
  for f in rate p50 p99 ok total broken; do printf '%s ' "$(sed -E "s/.* $f=([0-9.]+).*/\1/" <<<"$line")"; done
  echo
}
