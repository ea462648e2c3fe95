#!/usr/bin/env python3
"""Where a request's CPU goes on the two-instance cluster, with the cache and without; not part of CI.

    python3 bench/cluster_threads.py [--build]

Starts the cluster of bench/cluster.py (bench/cluster.sh, BASE 18180) and warms it up as bench/cluster.py does (the
same load, the two modes in turn, until the JIT compiler is quiet: WARMUP_SECONDS, WARMUP_MAX_SECONDS,
WARMUP_JIT_SHARE). Then PAIRS (4) pairs of runs of RUN_SECONDS (20) at CONNECTIONS (32), one with the cache and one
with "Cache-Control: no-store", their order alternating. Each run reads the CPU time of every thread of both JVMs
before and after (/proc/PID/task), groups the threads by name (as /proc gives it, 15 characters) with digits
replaced (every request thread is "http-thread-poo"), and divides by the answers: milliseconds of CPU a request, per
thread group, plus nginx's and wrk's. From the two modes follows what a remembered answer costs the request threads
in the mixed load: (with - scored share x without) / hit share. Then HIT_SECONDS (20) of remembered answers only,
twice (3,000 texts sent once, then asked at random): answers a second and request-thread CPU an answer.
Writes bench/results/cluster-threads.json and prints the medians.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cluster as C  # noqa: E402  (the cluster's helpers: start, wrk runs, CPU of nginx and wrk)

RUN = int(os.environ.get("RUN_SECONDS", "20"))
PAIRS = int(os.environ.get("PAIRS", "4"))
CONNECTIONS = int(os.environ.get("CONNECTIONS", "32"))
HIT_SECONDS = int(os.environ.get("HIT_SECONDS", "20"))
HIT_TEXTS = 3000

# remembered answers only: texts 1..N of SENTENCES (with PREFIX) in order for the first N requests, then at random;
# the requests are formatted once, in init (wrk.format needs the host wrk sets by then)
HITS_LUA = r"""
local n = tonumber(os.getenv("N"))
local prefix = os.getenv("PREFIX") or ""
local lines, requests, sent = {}, {}, 0
for line in io.lines(os.getenv("SENTENCES")) do
  if #lines >= n then break end
  lines[#lines + 1] = prefix .. line
end
init = function()
  for i, text in ipairs(lines) do
    requests[i] = wrk.format("POST", "/api/analyze", {["Content-Type"] = "application/json"},
      '{"text":"' .. text:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"}')
  end
end
request = function()
  sent = sent + 1
  return requests[sent <= n and sent or math.random(n)]
end
"""


def threads(pid):
    """CPU ticks so far of each thread of a process, by thread group."""
    out = {}
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, tid)) as f:
                name, ticks = C.stat_ticks(f.read())
        except OSError:  # the thread ended
            continue
        out[tid] = (re.sub(r"\d+", "N", name), ticks)
    return out


def grouped(before, after):
    groups = {}
    for b, a in zip(before, after):
        for tid, (name, ticks) in a.items():
            groups[name] = groups.get(name, 0) + ticks - b.get(tid, (name, 0))[1]
    return groups


def measured(run_load):
    """Runs run_load() (a wrk run's figures, "requests" among them), and the CPU it cost by thread group."""
    pids = [C.instance_pid(i) for i in (1, 2)]
    before, cpu_before = [threads(p) for p in pids], C.cpu_seconds()
    run = run_load()
    after, cpu_after = [threads(p) for p in pids], C.cpu_seconds()
    tick, n = os.sysconf("SC_CLK_TCK"), max(1, run["requests"])
    run["ms_per_request"] = {g: round(1000 * t / tick / n, 3)
                             for g, t in sorted(grouped(before, after).items(), key=lambda kv: -kv[1]) if t > 0}
    for k in ("nginx", "wrk"):
        run["ms_per_request"][k] = round(1000 * (cpu_after[k] - cpu_before[k]) / n, 3)
    return run


def hits_only(sentences, seconds):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(HITS_LUA)
    try:
        out = subprocess.check_output(["wrk", "-t1", "-c%d" % CONNECTIONS, "-d%ds" % seconds, "-s", f.name,
                                       "http://127.0.0.1:%d" % C.BASE], text=True,
                                      env=dict(os.environ, SENTENCES=sentences, PREFIX="hits: ", N=str(HIT_TEXTS)))
    finally:
        os.unlink(f.name)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    assert "Non-2xx" not in out, out
    return {"requests": requests, "answers_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}


def main():
    if "--build" in sys.argv:
        subprocess.run(["mvn", "-q", "-B", "package", "-DskipTests"], cwd=C.ROOT, check=True)
    os.makedirs(C.RESULTS, exist_ok=True)
    source = os.environ.get("SENTENCES", os.path.join(C.ROOT, "..", "shared", "data", "sst2", "train.tsv"))
    with open(source, encoding="utf-8") as f:
        lines = list(dict.fromkeys(line.rstrip("\n").split("\t")[-1] for line in list(f)[1:]))
    sentences = os.path.join(C.RESULTS, "cluster-threads-sentences.txt")
    with open(sentences, "w", encoding="utf-8") as w:
        w.write("\n".join(lines) + "\n")
    report = {"connections": CONNECTIONS, "run_seconds": RUN, "pairs": PAIRS, "cache": [], "no_store": []}
    try:
        C.cluster("start", "2")
        # bench/cluster.py's warm-up: both modes in turn until the JIT compiler is quiet (WARMUP_SECONDS at least,
        # WARMUP_MAX_SECONDS at most, WARMUP_JIT_SHARE)
        report["warm_up"] = C.settled(sentences, CONNECTIONS, "warm-up", C.WARMUP, C.WARMUP_MAX, C.WARMUP_STEP,
                                      C.JIT_SHARE)
        offset = 0
        for p in range(PAIRS):
            for mode in (("cache", "no_store") if p % 2 == 0 else ("no_store", "cache")):
                control = "no-store" if mode == "no_store" else ""
                run = measured(lambda: C.wrk(RUN, offset, sentences, CONNECTIONS, cache_control=control))
                run["texts_per_second"] = round(run["ok"] / run["seconds"], 1)
                report[mode].append(run)
            offset += report["cache"][-1]["fresh_sent"]
        hits_only(sentences, 10)  # sends the texts once, then warms the remembered path
        report["hits_only"] = [measured(lambda: hits_only(sentences, HIT_SECONDS)) for _ in range(2)]
    finally:
        C.cluster("stop")
    groups = {g for mode in ("cache", "no_store") for r in report[mode] for g in r["ms_per_request"]}

    def median(mode, group):
        return statistics.median(r["ms_per_request"].get(group, 0) for r in report[mode])

    report["median_ms_per_request"] = {g: {"cache": median("cache", g), "no_store": median("no_store", g)}
                                       for g in sorted(groups, key=lambda g: -median("no_store", g))}
    scored = statistics.median(1 - r["cached"] / max(1, r["ok"]) for r in report["cache"])
    request_threads = report["median_ms_per_request"].get("http-thread-poo",
                                                           {"cache": 0, "no_store": 0})
    report["hit_request_thread_ms"] = round(
        (request_threads["cache"] - scored * request_threads["no_store"]) / (1 - scored), 3)
    report["ratios"] = [round(c["texts_per_second"] / n["texts_per_second"], 3)
                        for c, n in zip(report["cache"], report["no_store"])]
    with open(os.path.join(C.RESULTS, "cluster-threads.json"), "w") as f:
        json.dump(report, f, indent=1)
    for g, m in list(report["median_ms_per_request"].items())[:12]:
        print("%-40s no-store %.3f  cache %.3f ms a request" % (g, m["no_store"], m["cache"]))
    print("ratios (cache / no-store, each pair):", report["ratios"])
    print("a remembered answer's request-thread CPU in the mixed load: %.3f ms" % report["hit_request_thread_ms"])
    for r in report["hits_only"]:
        print("remembered answers only: %.0f a second, request threads %.3f ms each" % (
            r["answers_per_second"], r["ms_per_request"].get("http-thread-poo", 0)))


if __name__ == "__main__":
    main()
