-- One wrk script for every workload of bench/compare.sh and bench/scale.sh: each request is
-- made valid from a pool file prepared beforehand (one line per entry, fields split on
-- whitespace), taken in turn, so that 32 connections spread over the pool's users.
--
-- Environment:
--   BENCH_METHOD  GET (default), POST, PUT
--   BENCH_PATH    path template, e.g. /tokens/{2}
--   BENCH_AUTH    Authorization header template, e.g. "Bearer {1}" (none when unset)
--   BENCH_BODY    JSON body template (none when unset)
--   BENCH_POOL    the pool file (none: every request is the same)
--   BENCH_RUN     a word unique to this run, for {seq}
-- In templates {1}, {2}... are the fields of the pool entry; {seq} is "<BENCH_RUN>-<n>" with n
-- counting requests, for what must be distinct (a registration's email).
--
-- done() prints one RESULT line for the scripts to read: only 2xx (and 3xx) answers count as
-- successes (wrk's errors.status counts the answers of 400 and above).

local method = os.getenv("BENCH_METHOD") or "GET"
local path = os.getenv("BENCH_PATH") or "/"
local auth = os.getenv("BENCH_AUTH")
local body = os.getenv("BENCH_BODY")
local pool_file = os.getenv("BENCH_POOL")
local run = os.getenv("BENCH_RUN") or tostring(os.time())

if auth == "" then auth = nil end
if body == "" then body = nil end

local entries = {}
local prepared = {}
local dynamic = false
local next_entry = 0
local seq = 0

local function fill(template, fields)
  if template == nil then
    return nil
  end
  return (template:gsub("{(%w+)}", function(key)
    if key == "seq" then
      return run .. "-" .. seq
    end
    return fields[tonumber(key)] or error("pool entry has no field " .. key)
  end))
end

local function build(fields)
  local headers = {}
  if body then
    headers["Content-Type"] = "application/json"
  end
  if auth then
    headers["Authorization"] = fill(auth, fields)
  end
  return wrk.format(method, fill(path, fields), headers, fill(body, fields))
end

function init(args)
  if pool_file and pool_file ~= "" then
    for line in io.lines(pool_file) do
      local fields = {}
      for field in line:gmatch("%S+") do
        fields[#fields + 1] = field
      end
      if #fields > 0 then
        entries[#entries + 1] = fields
      end
    end
  end
  if #entries == 0 then
    entries[1] = {}
  end
  dynamic = (path .. (body or "") .. (auth or "")):find("{seq}", 1, true) ~= nil
  if not dynamic then
    for k, fields in ipairs(entries) do
      prepared[k] = build(fields)
    end
  end
end

function request()
  next_entry = next_entry % #entries + 1
  if dynamic then
    seq = seq + 1
    return build(entries[next_entry])
  end
  return prepared[next_entry]
end

function done(summary, latency, requests)
  local ok = summary.requests - summary.errors.status
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT ok=%d total=%d rate=%.1f p50=%.2f p99=%.2f\n",
    ok, summary.requests, ok / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
