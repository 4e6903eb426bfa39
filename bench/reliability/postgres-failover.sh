#!/usr/bin/env bash
# Ludmin's PostgreSQL failover, proven (docs/operations.md, "A failover, proven"): a primary and a
# synchronous standby on loopback, two published Ludmin instances on one multi-host connection
# string (Target Session Attributes=primary) under a write load that keeps a ledger of every
# acknowledged write; the primary SIGKILLed, the standby promoted and its
# synchronous_standby_names cleared, as an operator does; then the ledger checked on the new
# primary. Needs Debian's postgresql (initdb, pg_basebackup, pg_ctl, psql); as root the clusters
# run as the `postgres` user. Exit code 1 if an acknowledged write was lost or a request answered 500.
# Usage: bench/reliability/postgres-failover.sh [--before SECONDS] [--after SECONDS] [--detect SECONDS] [--threads N] [--host-recheck SECONDS] [--skip-operator-step]
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
[ -x /usr/bin/python3 ] || need+=(python3)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

work="$(mktemp -d /tmp/ludmin-pg-failover-XXXXXX)"
chmod 755 "$work" # the clusters' folders inside it belong to the postgres user when run as root
cleanup() { /usr/bin/python3 bench/reliability/postgres_failover.py --work "$work" --stop-clusters || true; rm -rf "$work"; }
trap cleanup EXIT
echo "publishing (Release) into $work/app"
dotnet publish src/Ludmin.Api -c Release -o "$work/app" -v quiet --nologo >/dev/null
/usr/bin/python3 bench/reliability/postgres_failover.py --app "$work/app" --work "$work" "$@"
