-- wrk script for bench/run: one scenario, chosen by environment variables, and a machine-readable
-- summary line at the end ("BENCH {json}") that bench/run collects.
--   BENCH_KIND   get (default) | post | patch | create | update | batch | scale-list | scale-get
--   BENCH_BODY   the body for post/patch (a fixed body: logins)
--   BENCH_TOKEN  bearer token (optional)
--   BENCH_ETAG   If-None-Match value (optional)
--   BENCH_PROJECT, BENCH_PATH   the project and folder written to by create/update/batch
--   BENCH_RUN    a nonce, so that keys created by one run never collide with an earlier run's
--   BENCH_PROJECTS, BENCH_FOLDERS  scale-*: a file of project ids, and the number of folders per project
--   BENCH_SAME   scale-*: 1 to ask the first folder of the first project every time (the same folder)
local kind = os.getenv("BENCH_KIND") or "get"
local token = os.getenv("BENCH_TOKEN")
local etag = os.getenv("BENCH_ETAG")
local run = os.getenv("BENCH_RUN") or "0"
local project = os.getenv("BENCH_PROJECT")
local folder = os.getenv("BENCH_PATH") or "/"

wrk.headers["Content-Type"] = "application/json"
if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
if etag and etag ~= "" then wrk.headers["If-None-Match"] = etag end
if kind == "post" or kind == "patch" then
  wrk.method = string.upper(kind)
  wrk.body = os.getenv("BENCH_BODY")
end

-- each wrk thread has its own Lua state: number the threads in setup, count requests per thread
local threads = {}
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local counter = 0
local projects = {}
local per_project = tonumber(os.getenv("BENCH_FOLDERS") or "1")
local same = os.getenv("BENCH_SAME") == "1"
function init(args)
  local file = os.getenv("BENCH_PROJECTS")
  if file and file ~= "" then
    for line in io.lines(file) do if line ~= "" then table.insert(projects, line) end end
  end
  math.randomseed(os.time() + (tid or 0) * 7919)
end

local function value(n)
  return string.format("bench-value-%s-%d-%d-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", run, tid, n)
end

function request()
  counter = counter + 1
  if kind == "create" then
    local key = string.format("C_%s_%d_%d", run, tid, counter)
    local body = string.format('{"workspaceId":"%s","environment":"dev","secretPath":"%s","secretValue":"%s"}',
      project, folder, value(counter))
    return wrk.format("POST", "/api/v3/secrets/raw/" .. key, nil, body)
  elseif kind == "update" then
    -- one secret per thread (created by bench/run beforehand: U_0 … U_127), a new value each time
    local key = string.format("U_%d", tid)
    local body = string.format('{"workspaceId":"%s","environment":"dev","secretPath":"%s","secretValue":"%s"}',
      project, folder, value(counter))
    return wrk.format("PATCH", "/api/v3/secrets/raw/" .. key, nil, body)
  elseif kind == "batch" then
    local items = {}
    for i = 1, 100 do
      items[i] = string.format('{"secretKey":"B_%s_%d_%d_%d","secretValue":"%s"}', run, tid, counter, i, value(i))
    end
    local body = string.format('{"workspaceId":"%s","environment":"dev","secretPath":"%s","secrets":[%s]}',
      project, folder, table.concat(items, ","))
    return wrk.format("POST", "/api/v3/secrets/batch/raw", nil, body)
  elseif kind == "scale-list" or kind == "scale-get" then
    -- a random folder of a random project (or the first, BENCH_SAME): folder f of project p is
    -- /f<p*per+f>, holding S_000 … S_099
    local p = same and 1 or math.random(#projects)
    local f = same and 0 or (p - 1) * per_project + math.random(per_project) - 1
    local query = string.format("workspaceId=%s&environment=dev&secretPath=/f%05d", projects[p], f)
    if kind == "scale-list" then return wrk.format("GET", "/api/v3/secrets/raw?" .. query) end
    return wrk.format("GET", string.format("/api/v3/secrets/raw/S_%03d?", math.random(0, 99)) .. query)
  end
  return wrk.request()
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,"status_errors":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.status, e.connect + e.read + e.write + e.timeout))
end
