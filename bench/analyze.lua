-- wrk script: POST /api/analyze with real sentences, one per request (or TEXTS_PER_REQUEST per request).
-- The sentences come from SENTENCES (one per line). Answers are counted by status (ok, too_many for 429, other),
-- and a 200 whose results are not exactly one per text sent counts as partial. Results are printed as one JSON
-- line at the end. Retry-After is not honoured: the resilience flood uses this script as a hostile client.
-- MODELS (comma-separated model names) sends the requests to those models in turn; unset, to the default model.
local per_request = tonumber(os.getenv("TEXTS_PER_REQUEST") or "1")
local models = {}
for name in (os.getenv("MODELS") or ""):gmatch("[^,]+") do
  models[#models + 1] = name
end
local sentences = {}
for line in io.lines(os.getenv("SENTENCES")) do
  sentences[#sentences + 1] = line
end

local function quote(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function()
  ok, too_many, other, partial, counter = 0, 0, 0, 0, 0
end

request = function()
  local parts = {}
  for i = 1, per_request do
    counter = counter + 1
    parts[i] = quote(sentences[(counter % #sentences) + 1])
  end
  local model = ""
  if #models > 0 then
    model = '"model":' .. quote(models[math.floor(counter / per_request) % #models + 1]) .. ','
  end
  local body
  if per_request == 1 then
    body = '{' .. model .. '"text":' .. parts[1] .. '}'
  else
    body = '{' .. model .. '"texts":[' .. table.concat(parts, ",") .. ']}'
  end
  return wrk.format("POST", "/api/analyze", {["Content-Type"] = "application/json"}, body)
end

response = function(status, headers, body)
  if status == 200 then
    ok = ok + 1
    local _, labels = body:gsub('"label"', '')
    if labels ~= per_request then
      partial = partial + 1
    end
  elseif status == 429 then
    too_many = too_many + 1
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local t = {ok = 0, too_many = 0, other = 0, partial = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + thread:get(k)
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "texts_per_request": %d, "socket_errors": %d, "http_errors": %d, ' ..
    '"ok": %d, "too_many": %d, "other": %d, "partial": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, per_request, errors, summary.errors.status,
    t.ok, t.too_many, t.other, t.partial,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
