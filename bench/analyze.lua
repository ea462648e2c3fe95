-- wrk script: POST /api/analyze with real sentences, one per request (or TEXTS_PER_REQUEST per request).
-- The sentences come from SENTENCES (one per line); results are printed as one JSON line at the end.
local per_request = tonumber(os.getenv("TEXTS_PER_REQUEST") or "1")
local sentences = {}
for line in io.lines(os.getenv("SENTENCES")) do
  sentences[#sentences + 1] = line
end

local function quote(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local counter = 0
request = function()
  local parts = {}
  for i = 1, per_request do
    counter = counter + 1
    parts[i] = quote(sentences[(counter % #sentences) + 1])
  end
  local body
  if per_request == 1 then
    body = '{"text":' .. parts[1] .. '}'
  else
    body = '{"texts":[' .. table.concat(parts, ",") .. ']}'
  end
  return wrk.format("POST", "/api/analyze", {["Content-Type"] = "application/json"}, body)
end

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
  end
end

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "texts_per_request": %d, "socket_errors": %d, "http_errors": %d, ' ..
    '"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, per_request, errors, summary.errors.status,
    latency:percentile(50) / 1e3, latency:percentile(95) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
