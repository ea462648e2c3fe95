-- wrk script for the result cache (bench/cluster.py): POST /api/analyze with one text per request, a share of the
-- requests (REPEAT_RATIO, default 0.5) repeating a text this thread sent before, the others a text not sent yet.
-- New texts are lines of SENTENCES in order from line OFFSET (default 0), so runs that start from different
-- offsets never repeat each other's texts; PREFIX (default none) goes before each new text, so a warm-up with a
-- prefix leaves nothing in the cache for later runs. Run it with one thread (-t1), which owns the order. Prints one JSON
-- line: answers by status, and how many 200s said "cached": true.
local ratio = tonumber(os.getenv("REPEAT_RATIO") or "0.5")
local offset = tonumber(os.getenv("OFFSET") or "0")
local prefix = os.getenv("PREFIX") or ""
-- CACHE_CONTROL (default none, as is empty) goes with every request: "no-store" measures the same load without the cache
local cache_control = os.getenv("CACHE_CONTROL")
if cache_control == "" then
  cache_control = nil
end
local headers = {["Content-Type"] = "application/json", ["Cache-Control"] = cache_control}
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
  ok, cached, other, repeats, fresh = 0, 0, 0, 0, 0
  sent = {}
  math.randomseed(1234)
end

request = function()
  local text
  if #sent > 0 and math.random() < ratio then
    text = sent[math.random(#sent)]
    repeats = repeats + 1
  else
    text = prefix .. sentences[(offset + fresh) % #sentences + 1]
    fresh = fresh + 1
    sent[#sent + 1] = text
  end
  return wrk.format("POST", "/api/analyze", headers, '{"text":' .. quote(text) .. '}')
end

response = function(status, headers, body)
  if status == 200 then
    ok = ok + 1
    if body:find('"cached":true', 1, true) then
      cached = cached + 1
    end
  else
    other = other + 1
  end
end

done = function(summary, latency, requests)
  local t = {ok = 0, cached = 0, other = 0, repeats = 0, fresh = 0}
  for _, thread in ipairs(threads) do
    for k, _ in pairs(t) do
      t[k] = t[k] + thread:get(k)
    end
  end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "socket_errors": %d, "ok": %d, "cached": %d, "other": %d, ' ..
    '"repeats_sent": %d, "fresh_sent": %d, "p50_ms": %.2f, "p99_ms": %.2f, "max_ms": %.2f}\n',
    summary.requests, summary.duration / 1e6, errors, t.ok, t.cached, t.other, t.repeats, t.fresh,
    latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
end
