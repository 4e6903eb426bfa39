#!/usr/bin/env bash
# Ludmin's reliability cases (docs/operations.md, "Reliability"): every fault of issue 10 done to a
# published build on loopback, plus SIGKILLs under writes, parallel registrations, SIGTERM under
# load and a soak. Root is needed for the tmpfs (disk full) and chattr (immutable files) cases;
# where they cannot run they are reported as SKIP with the reason.
# Usage: bench/reliability/run.sh [--quick] [--kills N] [--soak SECONDS] [--rate N] [--only case,case]
#   --quick: 20 kills and a 60 s soak (the full run: 20 kills and a 30-minute soak)
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v curl >/dev/null 2>&1 || need+=(curl)
command -v chattr >/dev/null 2>&1 || need+=(e2fsprogs)
[ -x /usr/bin/python3 ] || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

work="$(mktemp -d /tmp/ludmin-reliability-XXXXXX)"
cleanup() { umount "$work/tmpfs" 2>/dev/null || true; chattr -R -ia "$work" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
echo "publishing (Release) into $work/app"
dotnet publish src/Ludmin.Api -c Release -o "$work/app" -v quiet --nologo >/dev/null
/usr/bin/python3 bench/reliability/reliability.py --app "$work/app" --work "$work" "$@"
