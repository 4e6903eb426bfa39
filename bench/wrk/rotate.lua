-- A refresh as a careful client makes it under refresh rotation: each connection refreshes its
-- own session and sends, every time, the token the previous refresh returned. Run with as many
-- threads as connections (wrk -tN -cN): wrk keeps one Lua state per thread, so one connection
-- per thread keeps one token chain per connection.
--
-- Environment:
--   BENCH_POOL  one line per chain (at least N), the pool files of bench/compare.sh:
--               Ludmin "token device_id ..." (GET /tokens/{device} with the token as bearer;
--               every refresh moves the session to a new generation, a durable write);
--               peer "access_token refresh_token ..." (POST /refresh {"refreshToken": ...})
--   BENCH_KIND  ludmin (default) or peer
-- done() prints one RESULT line like request.lua's: ok counts only 2xx answers that carry a new
-- token (on Ludmin a user token: a public one means the session had ended); broken=N chains
-- that ended (an answer that was not such a success), after which a chain sends nothing useful.

local pool_file = os.getenv("BENCH_POOL") or error("BENCH_POOL is not set")
local kind = os.getenv("BENCH_KIND") or "ludmin"
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  threads[#threads + 1] = thread
end

local token, device
good = 0
broken = 0

function init(args)
  local n = 0
  for line in io.lines(pool_file) do
    n = n + 1
    if n == index then
      token, device = line:match("^(%S+)%s+(%S+)")
      if kind == "peer" then token = device end
    end
  end
  if token == nil then error("the pool has no line " .. tostring(index)) end
end

function request()
  if kind == "peer" then
    return wrk.format("POST", "/refresh", { ["Content-Type"] = "application/json" },
      '{"refreshToken":"' .. token .. '"}')
  end
  return wrk.format("GET", "/tokens/" .. device, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  local next_token
  if status >= 200 and status < 300 then
    if kind == "peer" then
      next_token = body:match('"refreshToken"%s*:%s*"([^"]+)"')
    elseif not body:find('"type"%s*:%s*"public"') then
      next_token = body:match('"token"%s*:%s*"([^"]+)"')
    end
  end
  if next_token then
    token = next_token
    good = good + 1
  else
    broken = 1
  end
end

function done(summary, latency, requests)
  local ok, ended = 0, 0
  for _, thread in ipairs(threads) do
    ok = ok + (tonumber(thread:get("good")) or 0)
    ended = ended + (tonumber(thread:get("broken")) or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT ok=%d total=%d broken=%d rate=%.1f p50=%.2f p99=%.2f\n",
    ok, summary.requests, ended, ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
