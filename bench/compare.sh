#!/usr/bin/env bash
# Ludmin beside the API a .NET team would pick instead (ASP.NET Core Identity's MapIdentityApi
# on EF Core SQLite, bench/peers/identity-api) and beside a hello-world on the same Kestrel.
# Ludmin as it ships (issue 22): Production settings, ES256 tokens from a key its generate-key
# made, default hashing and refresh settings; rate limits off, as the peer has none (lib.sh).
# Both are built in Release, started on loopback, given users, warmed up (3 s per workload),
# then driven by wrk (one thread, 32 connections) on the same workloads; only successful answers
# count. Refreshes run as CHAINS chains on both, each sending the token the previous refresh
# returned (bench/wrk/rotate.lua), warmed up on chains of their own; a chain that ended is
# reported. Login and register are also set beside the hash bound: Argon2id at the configured
# cost on as many lanes as Ludmin hashes at once, nothing else (bench/hash-rate), in this run.
# Prints one Markdown table (docs/benchmarks.md keeps the latest).
#
# Usage: bench/compare.sh [--duration SECONDS] [--warmup SECONDS] [--pool USERS] [--chains N]
#        bench/compare.sh --users N ...   the scale run instead (bench/scale.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH_DIR="$PWD/bench"
source "$BENCH_DIR/lib.sh"

DURATION=10
WARMUP=3
POOL=32
CHAINS=8
for arg in "$@"; do
  if [ "$arg" = "--users" ]; then
    exec "$BENCH_DIR/scale.sh" "$@"
  fi
done
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --pool) POOL="$2"; shift 2 ;;
    --chains) CHAINS="$2"; shift 2 ;;
    *) echo "usage: bench/compare.sh [--duration SECONDS] [--warmup SECONDS] [--pool USERS] [--chains N] | --users N" >&2; exit 2 ;;
  esac
done
[ "$POOL" -ge $((CHAINS * 2)) ] || { echo "--pool must be at least twice --chains (warm-up chains and measured chains)" >&2; exit 2; }

ensure_tools
work="$(mktemp -d)"
LUDMIN_PID=""
PEER_PID=""
cleanup() {
  [ -n "$LUDMIN_PID" ] && kill "$LUDMIN_PID" 2>/dev/null || true
  [ -n "$PEER_PID" ] && kill "$PEER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Building both in Release..." >&2
dotnet publish src/Ludmin.Api -c Release -o "$work/ludmin" -v quiet --nologo >/dev/null
dotnet publish bench/peers/identity-api -c Release -o "$work/peer" -v quiet --nologo >/dev/null
dotnet build bench/hash-rate -c Release -o "$work/hash-rate" -v quiet --nologo >/dev/null

ludmin="http://127.0.0.1:5201"
peer="http://127.0.0.1:5202"
start_ludmin "$work/ludmin" "$work/ludmin-data" 5201 "$work/ludmin.log"
ASPNETCORE_ENVIRONMENT=Production Urls="$peer" Peer__Database="$work/peer.db" Logging__LogLevel__Default=Warning \
  dotnet "$work/peer/IdentityApi.dll" >"$work/peer.log" 2>&1 &
PEER_PID=$!
wait_up "$ludmin/health/ready" || { cat "$work/ludmin.log" >&2; exit 1; }
wait_up "$peer/hello" || { cat "$work/peer.log" >&2; exit 1; }

# Users on both: POOL for sessions (profile, refresh, login) and POOL more for password
# changes (a change logs out the user's other devices on Ludmin and renews the security stamp
# on the peer, so those users serve nothing else). Prepared in parallel, 4 at a time.
password="Bench-password-1"
json() { jq -cn "$@"; }
prepare_ludmin() { # INDEX KIND -> "token device public_token_of_another_device email"
  local device other public other_public email token
  device="$(hex32)"; other="$(hex32)"; email="$2-$1-$RANDOM$RANDOM@bench.test"
  public="$(curl -sf -X POST "$ludmin/tokens/public" -H 'Content-Type: application/json' -d "$(json --arg d "$device" '{device_id:$d}')" | jq -r .token)"
  other_public="$(curl -sf -X POST "$ludmin/tokens/public" -H 'Content-Type: application/json' -d "$(json --arg d "$other" '{device_id:$d}')" | jq -r .token)"
  curl -sf -o /dev/null -X POST "$ludmin/users" -H 'Content-Type: application/json' -H "Authorization: Bearer $public" \
    -d "$(json --arg e "$email" --arg p "$password" '{full_name:"Bench User",email:$e,password:$p,password_confirmation:$p}')"
  token="$(curl -sf -X POST "$ludmin/tokens" -H 'Content-Type: application/json' -H "Authorization: Bearer $public" \
    -d "$(json --arg e "$email" --arg p "$password" '{email:$e,password:$p,description:"wrk"}')" | jq -r .token)"
  echo "$token $device $other_public $email"
}
prepare_peer() { # INDEX KIND -> "access_token refresh_token email"
  local email tokens
  email="$2-$1-$RANDOM$RANDOM@bench.test"
  curl -sf -o /dev/null -X POST "$peer/register" -H 'Content-Type: application/json' -d "$(json --arg e "$email" --arg p "$password" '{email:$e,password:$p}')"
  tokens="$(curl -sf -X POST "$peer/login" -H 'Content-Type: application/json' -d "$(json --arg e "$email" --arg p "$password" '{email:$e,password:$p}')")"
  echo "$(jq -r .accessToken <<<"$tokens") $(jq -r .refreshToken <<<"$tokens") $email"
}
export -f prepare_ludmin prepare_peer json hex32
export ludmin peer password
echo "Preparing $((POOL * 2)) users on each..." >&2
for kind in session change; do
  seq "$POOL" | xargs -P4 -I{} bash -c "prepare_ludmin {} $kind" >"$work/ludmin-$kind.pool"
  seq "$POOL" | xargs -P4 -I{} bash -c "prepare_peer {} $kind" >"$work/peer-$kind.pool"
done
for f in "$work"/*.pool; do
  if [ "$(grep -c . "$f")" -ne "$POOL" ] || grep -q 'null' "$f"; then
    echo "preparing users failed ($f)" >&2; exit 1
  fi
done
public_pool="$work/ludmin-public.pool"
awk '{ print $3 }' "$work/ludmin-session.pool" >"$public_pool"
awk '{ print $3, $4 }' "$work/ludmin-session.pool" >"$work/ludmin-login.pool"

declare -A peer_result ludmin_result
run_pair() { # NAME, then the peer's wrk settings, "--", Ludmin's
  local name="$1"
  shift
  local peer_args=() ludmin_args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do peer_args+=("$1"); shift; done
  shift
  ludmin_args=("$@")
  echo "Measuring $name..." >&2
  if [ ${#peer_args[@]} -gt 0 ]; then
    peer_result[$name]="$(measure "peer $name" "$peer" "${peer_args[@]}")"
  else
    peer_result[$name]=""
  fi
  ludmin_result[$name]="$(measure "Ludmin $name" "$ludmin" "${ludmin_args[@]}")"
}

run_pair "hello (ceiling)" BENCH_PATH=/hello -- BENCH_PATH=/health/live
run_pair "public token" -- BENCH_METHOD=POST BENCH_PATH=/tokens/public BENCH_BODY='{"device_id":"0123456789abcdef0123456789abcdef"}'
run_pair "profile" BENCH_PATH=/manage/info BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/peer-session.pool" \
  -- BENCH_PATH=/users/me BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/ludmin-session.pool"
# Rotating refreshes: the first CHAINS sessions warm up, the next CHAINS are measured (a chain's
# first token is replaced by its first refresh, so a chain cannot be run twice).
echo "Measuring refresh ($CHAINS chains each)..." >&2
for side in peer ludmin; do
  head -n "$CHAINS" "$work/$side-session.pool" >"$work/$side-warm.chains"
  sed -n "$((CHAINS + 1)),$((CHAINS * 2))p" "$work/$side-session.pool" >"$work/$side-measured.chains"
done
chain_refresh "$peer" "$work/peer-warm.chains" peer "$WARMUP" >/dev/null
read -r prate pp50 pp99 pok ptotal peer_broken <<<"$(chain_refresh "$peer" "$work/peer-measured.chains" peer "$DURATION")"
peer_result["refresh"]="$prate $pp50 $pp99 $pok $ptotal"
chain_refresh "$ludmin" "$work/ludmin-warm.chains" ludmin "$WARMUP" >/dev/null
read -r lrate lp50 lp99 lok ltotal ludmin_broken <<<"$(chain_refresh "$ludmin" "$work/ludmin-measured.chains" ludmin "$DURATION")"
ludmin_result["refresh"]="$lrate $lp50 $lp99 $lok $ltotal"

# Login, with each process's RSS sampled half-way through its measured run.
echo "Measuring login..." >&2
( sleep "$((WARMUP + DURATION / 2))"; rss_mb "$PEER_PID" >"$work/peer.rss" ) &
sampler=$!
peer_result["login"]="$(measure "peer login" "$peer" BENCH_METHOD=POST BENCH_PATH=/login \
  BENCH_BODY="{\"email\":\"{3}\",\"password\":\"$password\"}" BENCH_POOL="$work/peer-session.pool")"
wait "$sampler" || true
( sleep "$((WARMUP + DURATION / 2))"; rss_mb "$LUDMIN_PID" >"$work/ludmin.rss" ) &
sampler=$!
ludmin_result["login"]="$(measure "Ludmin login" "$ludmin" BENCH_METHOD=POST BENCH_PATH=/tokens BENCH_AUTH="Bearer {1}" \
  BENCH_BODY="{\"email\":\"{2}\",\"password\":\"$password\",\"description\":\"wrk\"}" BENCH_POOL="$work/ludmin-login.pool")"
wait "$sampler" || true

run_pair "register" BENCH_METHOD=POST BENCH_PATH=/register BENCH_BODY="{\"email\":\"p{seq}@bench.test\",\"password\":\"$password\"}" \
  -- BENCH_METHOD=POST BENCH_PATH=/users BENCH_AUTH="Bearer {1}" BENCH_POOL="$public_pool" \
     BENCH_BODY="{\"full_name\":\"Bench User\",\"email\":\"l{seq}@bench.test\",\"password\":\"$password\",\"password_confirmation\":\"$password\"}"
# The same password again: every request does a whole change (check the current one, hash the
# new one, save), and stays valid whatever order the answers come in.
run_pair "password change" BENCH_METHOD=POST BENCH_PATH=/manage/info BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/peer-change.pool" \
    BENCH_BODY="{\"oldPassword\":\"$password\",\"newPassword\":\"$password\"}" \
  -- BENCH_METHOD=PUT BENCH_PATH=/users/me BENCH_AUTH="Bearer {1}" BENCH_POOL="$work/ludmin-change.pool" \
    BENCH_BODY="{\"password\":\"$password\",\"password_confirmation\":\"$password\",\"current_password\":\"$password\"}"

# The hash bound, with both APIs idle: Argon2id at Ludmin's default cost (19 MiB, 2 passes, one
# lane per hash) on as many threads as Ludmin hashes at once (MaxConcurrentHashes: the cores),
# through the reference library with each thread's memory reused between hashes, and through
# libsodium as Ludmin calls it; the bound is the faster of the two.
echo "Measuring the hash bound..." >&2
hash_rate() { { dotnet "$work/hash-rate/HashRate.dll" "$1" --lanes "$(nproc)" --seconds "$DURATION" || echo "hash-rate $1 failed" >&2; } | sed -nE 's/^RESULT .* rate=([0-9.]+).*/\1/p'; }
reference_rate="$(hash_rate libargon2)"
sodium_rate="$(hash_rate libsodium)"
hash_bound="$(awk -v a="${reference_rate:-0}" -v b="${sodium_rate:-0}" 'BEGIN { print (a > b ? a : b) }')"

read -r ceiling _ <<<"${peer_result["hello (ceiling)"]}"
read -r peer_rss_now peer_rss_peak <"$work/peer.rss" || true
read -r ludmin_rss_now ludmin_rss_peak <"$work/ludmin.rss" || true
read -r _ peer_peak_end <<<"$(rss_mb "$PEER_PID")"
read -r _ ludmin_peak_end <<<"$(rss_mb "$LUDMIN_PID")"

echo
echo "wrk -t1 -c${BENCH_CONNECTIONS:-32}, ${WARMUP} s warm-up, ${DURATION} s measured per workload; 2xx answers only; $(nproc) cores; $(date -u +%Y-%m-%dT%H:%MZ)"
echo
echo "| workload | peer req/s | Ludmin req/s | Ludmin / peer | Ludmin / ceiling | Ludmin / hash bound | peer p50 ms | peer p99 ms | Ludmin p50 ms | Ludmin p99 ms |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for name in "hello (ceiling)" "public token" "profile" "refresh" "login" "register" "password change"; do
  read -r prate pp50 pp99 _ <<<"${peer_result[$name]:-— — —}"
  read -r lrate lp50 lp99 _ <<<"${ludmin_result[$name]}"
  bound="—"
  case "$name" in login|register) bound="$(ratio "$lrate" "$hash_bound")" ;; esac
  label="$name"
  [ "$name" = refresh ] && label="refresh (rotating, $CHAINS chains)"
  echo "| $label | $prate | $lrate | $(ratio "$lrate" "$prate") | $(ratio "$lrate" "$ceiling") | $bound | $pp50 | $pp99 | $lp50 | $lp99 |"
done
echo "| hash bound (Argon2id alone, $(nproc) lanes) | | $hash_bound | | | 1.00 | | | | |"
echo
echo "| RSS (MB) | peer | Ludmin |"
echo "| --- | ---: | ---: |"
echo "| under the login load | ${peer_rss_now:-?} | ${ludmin_rss_now:-?} |"
echo "| peak over the run | ${peer_peak_end:-?} | ${ludmin_peak_end:-?} |"
echo
echo "hello: the peer's /hello (the ceiling) and Ludmin's /health/live; public token: the peer has none."
echo "refresh: chains that ended during the measured run: peer ${peer_broken:-?} of $CHAINS, Ludmin ${ludmin_broken:-?} of $CHAINS."
echo "hash bound: hashes/s at m=19456 KiB, t=2, p=1 on $(nproc) threads: reference library, memory reused ${reference_rate:-?}; libsodium ${sodium_rate:-?}."
