-- A refresh as a careful client makes it under refresh rotation: each connection refreshes its
-- own session and sends, every time, the token the previous refresh returned (so every refresh
-- moves the session to a new generation: a durable compare-and-set write). Run with as many
-- threads as connections (wrk -tN -cN): wrk keeps one Lua state per thread, so one connection
-- per thread keeps one token chain per connection.
--
-- Environment: BENCH_POOL, a file with one "token device_id" line per session (at least N).
-- done() prints one RESULT line like request.lua's, plus public=N: answers that were 2xx but a
-- public token (the session had ended: a broken chain); only 2xx user tokens count as ok.

local pool_file = os.getenv("BENCH_POOL") or error("BENCH_POOL is not set")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
  threads[#threads + 1] = thread
end

local token, device
public = 0

function init(args)
  local n = 0
  for line in io.lines(pool_file) do
    n = n + 1
    if n == index then
      token, device = line:match("^(%S+)%s+(%S+)")
    end
  end
  if token == nil then error("the pool has no line " .. tostring(index)) end
end

function request()
  return wrk.format("GET", "/tokens/" .. device, { ["Authorization"] = "Bearer " .. token })
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    if body:find('"type"%s*:%s*"public"') then
      public = public + 1
      return
    end
    local next_token = body:match('"token"%s*:%s*"([^"]+)"')
    if next_token then token = next_token end
  end
end

function done(summary, latency, requests)
  local broken = 0
  for _, thread in ipairs(threads) do
    broken = broken + (tonumber(thread:get("public")) or 0)
  end
  local ok = summary.requests - summary.errors.status - broken
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT ok=%d total=%d public=%d rate=%.1f p50=%.2f p99=%.2f\n",
    ok, summary.requests, broken, ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
