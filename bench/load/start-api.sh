# Sourced by bench/load/run.sh and profile.sh (with $port set): publishes the API in Release,
# starts it on loopback with Production settings, SQLite in a temporary folder and rate limits
# off (and the refresh-reuse grace at its 5-minute maximum: wrk replays one token, see
# bench/lib.sh), waits until it is live, and logs one user in. Leaves $api, $data, $server, $device, $public
# and $token set; the EXIT trap stops the server and removes the folder.
api="http://127.0.0.1:$port"
data="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
dotnet publish src/Ludmin.Api -c Release -o "$data/app" -v quiet --nologo >/dev/null
LUDMIN_CONFIG=production \
Urls="$api" \
Ludmin__DataDirectory="$data/store" \
Ludmin__Tokens__SigningKey="load-test-signing-key-0123456789-abcdefghijklmnopq" \
Ludmin__Tokens__PublicBaseUrl="$api" \
Ludmin__RateLimits__Enabled=false \
Ludmin__Tokens__RefreshReuseGrace=00:05:00 \
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
