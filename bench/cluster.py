#!/usr/bin/env python3
"""The result cache and the cluster, measured (issue #16); not part of CI.

    python3 bench/cluster.py [--build]

Starts a two-instance cluster with bench/cluster.sh (Payara cluster on loopback, nginx in front) and, in one run:
  cache     wrk through nginx, one text per request, half of them repeating a text sent before (bench/cache.lua):
            throughput, hit ratio (the instances' /api/performance, and the answers' "cached"), in ROUNDS rounds
            at each connection count, each round a run with the cache and a run of the same texts sent with
            "Cache-Control: no-store" (the cache neither asked nor filled: the same cluster without it), in
            alternating order; the ratio is each round's, and its median. Then the server time of hits
            (processing_time_ms of 100 cached texts sent to each instance directly)
  kill      texts seeded on instance 2 only, then 60 s of the same load with a probe through nginx every 20 ms;
            kill -9 of instance 2 after 20 s: errors, how long until the probe's answers are all 200 again, and
            how many of the seeded texts instance 1 still answers from the shared cache
  lookups   the cluster again with CACHE_REPLICATE=false (the shared cache without copies on every member: a local
            miss asks Hazelcast), the same rounds
  local     the cluster again with CACHE_STORE=local (each instance its own cache, nothing shared), the same rounds
Runs compare with each other only within one cluster: the machine's speed drifts by 10-40% within minutes, and
clusters started one after the other differed by more than the cache's gain (docs/cluster.md).
Writes bench/results/cluster.json and prints a summary. Needs wrk, nginx and curl (apt-get install wrk nginx).
Environment: SECONDS_PER_RUN (30), ROUNDS (5), CONNECTIONS (32,64: ROUNDS rounds at each, after a warm-up of the
same load at the first, 30-s runs alternating the two modes: WARMUP_SECONDS, 150, then a pair more at a time until
the JIT compiler threads take under WARMUP_JIT_SHARE, 0.05, of the JVMs' CPU in both runs of a pair,
WARMUP_MAX_SECONDS, 720, at most; then before the rounds at each connection count SETTLE_SECONDS, 30, of each mode,
not measured, again until the compiler takes under SETTLE_JIT_SHARE, 0.03, in both, SETTLE_PAIRS, 4, at most),
COMPARE (the clusters measured after the default one, comma-separated: shared_lookups,local_only; empty: none),
SENTENCES (../shared/data/sst2/train.tsv: new texts, each line and the same words in reverse order; each run with the
cache takes the next ones not sent yet, the no-store run of its round the same).
"""
import http.client
import json
import os
import signal
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "bench", "results")
BASE = int(os.environ.get("BASE", "18180"))
SECONDS = int(os.environ.get("SECONDS_PER_RUN", "30"))
# Payara's JIT needs minutes of load on two shared cores before a request costs what it costs for good: after 1-4
# minutes of this load its compiler threads still took 16-18% of an instance's CPU, after about 7 minutes 3%; and each
# switch between the cache and no-store brought more (after 200 s of the cache alone, 18.6% in the next 20 s with the
# cache, 8.9% in 20 s of no-store after it, 7.5% in the next with the cache, then under 2%). So the warm-up alternates
# the two modes in 30-s runs for WARMUP_SECONDS at least, then goes on a pair at a time until the JIT compiler threads
# used less than WARMUP_JIT_SHARE of both JVMs' CPU in both runs of the last pair, WARMUP_MAX_SECONDS at most
WARMUP = int(os.environ.get("WARMUP_SECONDS", "150"))
WARMUP_MAX = int(os.environ.get("WARMUP_MAX_SECONDS", "720"))
JIT_SHARE = float(os.environ.get("WARMUP_JIT_SHARE", "0.05"))
WARMUP_STEP = 30
# before the rounds at each connection count: SETTLE_SECONDS with the cache and as many without, not measured, again
# (SETTLE_PAIRS times at most) until the compiler took under SETTLE_JIT_SHARE in both
SETTLE = int(os.environ.get("SETTLE_SECONDS", "30"))
SETTLE_PAIRS = int(os.environ.get("SETTLE_PAIRS", "4"))
SETTLE_JIT_SHARE = float(os.environ.get("SETTLE_JIT_SHARE", "0.03"))
CONNECTIONS = [int(c) for c in os.environ.get("CONNECTIONS", "32,64").split(",")]
ROUNDS = int(os.environ.get("ROUNDS", "5"))


def post(port, text, timeout=10):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        c.request("POST", "/api/analyze", body=json.dumps({"text": text}).encode(),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        return r.status, r.read()
    finally:
        c.close()


def performance(port):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("GET", "/api/performance")
        return json.loads(c.getresponse().read())["cache"]
    finally:
        c.close()


def cluster(command, *args, env=None):
    subprocess.run(["bash", os.path.join(ROOT, "bench", "cluster.sh"), command, *args], check=True,
                   env=dict(os.environ, BASE=str(BASE), **(env or {})))


def metric_sums(port, *names):
    """For each NAME, the sum of the samples named exactly so (any labels) on one instance's /metrics, read once."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        c.request("GET", "/metrics", headers={"Accept": "text/plain"})
        lines = c.getresponse().read().decode().splitlines()
    finally:
        c.close()
    return [sum(float(line.rsplit(" ", 1)[1]) for line in lines
                if line.startswith(name + " ") or line.startswith(name + "{")) for name in names]


def stat_ticks(stat):
    """The name and the CPU clock ticks used (user + system) in the text of a /proc stat file (a process's or a
    thread's)."""
    fields = stat.rsplit(")", 1)[1].split()
    return stat[stat.index("(") + 1:stat.rindex(")")], int(fields[11]) + int(fields[12])


def cpu_seconds():
    """CPU seconds used so far by each instance's JVM, by nginx (master and workers) and by this script's children
    (wrk), read from /proc."""
    tick = os.sysconf("SC_CLK_TCK")

    def used(pid):
        with open("/proc/%d/stat" % pid) as f:
            return stat_ticks(f.read())[1] / tick

    nginx = 0.0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/comm" % entry) as f:
                    if f.read().strip() == "nginx":
                        nginx += used(int(entry))
            except OSError:
                pass
    children = os.times()
    return {"instance_1": used(instance_pid(1)), "instance_2": used(instance_pid(2)), "nginx": nginx,
            "wrk": children.children_user + children.children_system}


def jit_ticks():
    """CPU ticks of both JVMs so far: all their threads', and their JIT compiler threads' (/proc/PID/task)."""
    total = compiler = 0
    for i in (1, 2):
        task = "/proc/%d/task" % instance_pid(i)
        for tid in os.listdir(task):
            try:
                with open("%s/%s/stat" % (task, tid)) as f:
                    name, ticks = stat_ticks(f.read())
            except OSError:  # the thread ended
                continue
            total += ticks
            if name.startswith(("C1 CompilerThre", "C2 CompilerThre")):
                compiler += ticks
    return total, compiler


def jit_share(before, after):
    return round((after[1] - before[1]) / max(1, after[0] - before[0]), 3)


def settled(sentences, connections, label, least, most, step, share_below):
    """Pairs of runs of the load, one with the cache and one without (no-store), each step seconds on texts of its own
    (a prefix: none of them is sent by the measured runs), the figures' endpoints asked before each as the measured
    runs do, until both runs of a pair had the JIT compiler threads under share_below of the JVMs' CPU: after least
    seconds at least, most at most. The measured rounds alternate the two modes, and each mode brings the compiler
    code the other does not use, so both are warmed alike."""
    seconds, pairs = 0, []
    while True:
        pair = []
        for mode in ("", "no-store"):
            for i in (1, 2):
                performance(BASE + i)
                metric_sums(BASE + i, "sentio_batch_size_count")
            before = jit_ticks()
            wrk(step, 0, sentences, connections, prefix="%s %d%s: " % (label, len(pairs), mode), cache_control=mode)
            pair.append(jit_share(before, jit_ticks()))
            seconds += step
        pairs.append(pair)
        if seconds >= most or (seconds >= least and max(pair) < share_below):
            return {"seconds": seconds, "jit_cpu_shares": pairs}


def instance_pid(i):
    with open(os.path.join(RESULTS, "cluster", "instance-%d.pid" % i)) as f:
        return int(f.read())


def wrk(seconds, offset, sentences, connections=None, prefix="", cache_control=""):
    connections = connections or CONNECTIONS[0]
    out = subprocess.check_output(["wrk", "-t1", "-c%d" % connections, "-d%ds" % seconds, "--timeout", "10s",
                                   "-s", os.path.join(ROOT, "bench", "cache.lua"), "http://127.0.0.1:%d" % BASE],
                                  env=dict(os.environ, SENTENCES=sentences, OFFSET=str(offset), PREFIX=prefix,
                                           CACHE_CONTROL=cache_control), text=True)
    return json.loads(out.strip().splitlines()[-1])


class NewTexts:
    """Where the next run's new texts start in the sentences: after every text a run with the cache sent."""

    def __init__(self, count):
        self.count, self.offset, self.wrapped = count, 0, False

    def used(self, run):
        self.offset += run["fresh_sent"]
        # cache.lua wraps around: a text sent again would be a hit that the load did not mean (fewer ROUNDS or
        # SECONDS_PER_RUN, or more SENTENCES, then)
        if self.offset > self.count:
            self.wrapped = True
            print("warning: the runs used up the %d distinct sentences; later runs repeat them" % self.count)


def load(texts, sentences):
    """Warm-up (its own texts: the sentences with a prefix), then at each concurrency pairs of both modes unmeasured
    until the compiler is quiet (SETTLE) and ROUNDS rounds, each a run with the cache and one without (no-store) on
    the same texts, their order alternating; hits counted by both instances."""
    runs = {"warm_up": settled(sentences, CONNECTIONS[0], "warm-up", WARMUP, WARMUP_MAX, WARMUP_STEP, JIT_SHARE)}
    for connections in CONNECTIONS:
        # both modes again at this connection count, untimed, until the compiler is quiet in both: its bursts at a
        # new load (up to 15% of the JVMs' CPU in a first measured run, after a warm-up that ended under 5%) would
        # otherwise fall on the first round
        runs["settle_c%d" % connections] = settled(sentences, connections, "settle %d" % connections, 2 * SETTLE,
                                                   2 * SETTLE * SETTLE_PAIRS, SETTLE, SETTLE_JIT_SHARE)
        rounds = []
        for r in range(ROUNDS):
            offset, pair = texts.offset, {}
            for mode in (("cache", "no_store") if r % 2 == 0 else ("no_store", "cache")):
                pair[mode] = measured(offset, sentences, connections, "no-store" if mode == "no_store" else "")
            texts.used(pair["cache"])
            pair["ratio"] = round(pair["cache"]["texts_per_second"] / pair["no_store"]["texts_per_second"], 3)
            rounds.append(pair)
        runs["c%d" % connections] = summary(rounds)
    return runs


def summary(rounds):
    """Medians over the rounds, the rounds themselves kept."""
    def median(mode, key):
        return round(statistics.median(r[mode][key] for r in rounds), 3)
    return {"ratio_median": round(statistics.median(r["ratio"] for r in rounds), 2),
            "ratios": [r["ratio"] for r in rounds],
            "texts_per_second": median("cache", "texts_per_second"),
            "no_store_texts_per_second": median("no_store", "texts_per_second"),
            "hit_ratio": median("cache", "hit_ratio"),
            "p50_ms": median("cache", "p50_ms"), "p99_ms": median("cache", "p99_ms"),
            "no_store_p50_ms": median("no_store", "p50_ms"), "no_store_p99_ms": median("no_store", "p99_ms"),
            "mean_batch": median("cache", "mean_batch"), "no_store_mean_batch": median("no_store", "mean_batch"),
            "cpu_ms_per_request": median("cache", "cpu_ms_per_request"),
            "no_store_cpu_ms_per_request": median("no_store", "cpu_ms_per_request"),
            "jit_cpu_share": median("cache", "jit_cpu_share"),
            "no_store_jit_cpu_share": median("no_store", "jit_cpu_share"),
            "not_200": sum(r[m]["other"] + r[m]["socket_errors"] for r in rounds for m in ("cache", "no_store")),
            "rounds": rounds}


def measured(offset, sentences, connections, cache_control):
    before = [performance(BASE + i) for i in (1, 2)]
    batches = ("sentio_batch_size_count", "sentio_batch_size_sum")  # runs, and texts in them
    batches_before = [metric_sums(BASE + i, *batches) for i in (1, 2)]
    cpu_before, jit_before = cpu_seconds(), jit_ticks()
    run = wrk(SECONDS, offset, sentences, connections, cache_control=cache_control)
    cpu_after, jit_after = cpu_seconds(), jit_ticks()
    after = [performance(BASE + i) for i in (1, 2)]
    batches_after = [metric_sums(BASE + i, *batches) for i in (1, 2)]
    runs = sum(a[0] - b[0] for a, b in zip(batches_after, batches_before))
    batched = sum(a[1] - b[1] for a, b in zip(batches_after, batches_before))
    hits = sum(a["hits"] - b["hits"] for a, b in zip(after, before))
    misses = sum(a["misses"] - b["misses"] for a, b in zip(after, before))
    shared = sum(a["shared_hits"] - b["shared_hits"] for a, b in zip(after, before))
    run.update(texts_per_second=round(run["ok"] / run["seconds"], 1),
               server_hits=hits, server_misses=misses, server_shared_hits=shared,
               hit_ratio=round(hits / max(1, hits + misses), 4),
               engine_runs=int(runs), mean_batch=round(batched / max(1, runs), 2),
               cpu_seconds={k: round(cpu_after[k] - cpu_before[k], 1) for k in cpu_after},
               jit_cpu_share=jit_share(jit_before, jit_after))
    # CPU a request and a scored text cost, everything on the machine included: the JVMs', nginx's and wrk's
    total = sum(run["cpu_seconds"].values())
    run["cpu_ms_per_request"] = round(1000 * total / max(1, run["ok"]), 2)
    run["jvm_cpu_ms_per_scored_text"] = round(
        1000 * (run["cpu_seconds"]["instance_1"] + run["cpu_seconds"]["instance_2"]) / max(1, batched), 2)
    return run


def hit_times(port, texts):
    """Server time (processing_time_ms) of texts the cache holds, sent one at a time (each sent once before)."""
    times, not_cached = [], 0
    for text in texts:
        post(port, text)
        status, body = post(port, text)
        answer = json.loads(body)
        if answer.get("cached"):
            times.append(answer["processing_time_ms"])
        else:
            not_cached += 1
    return {"texts": len(texts), "not_cached": not_cached, "median_ms": statistics.median(times),
            "p99_ms": sorted(times)[int(0.99 * (len(times) - 1))], "max_ms": max(times)}


def probe(stop, out):
    while not stop.is_set():
        start = time.time()
        try:
            status, _ = post(BASE, "probe %d" % int(start * 1000), timeout=5)
        except Exception as e:
            status = type(e).__name__
        out.append((start, status))
        time.sleep(0.02)


def scenario_kill(sentences, lines):
    seeded = ["seeded on instance 2: " + line for line in lines[:200]]
    for text in seeded:
        assert post(BASE + 2, text)[0] == 200
    time.sleep(1)  # the shared puts run off the request path
    victim = instance_pid(2)
    stop, probes, result = threading.Event(), [], {}
    prober = threading.Thread(target=probe, args=(stop, probes))
    prober.start()
    killer = threading.Timer(20, lambda: (result.update(killed_at=time.time()), os.kill(victim, signal.SIGKILL)))
    killer.start()
    run = wrk(60, 0, sentences, prefix="kill: ")
    stop.set()
    prober.join()
    killed = result["killed_at"]
    failures = [(t, s) for t, s in probes if s != 200]
    after = [(t, s) for t, s in probes if t >= killed]
    last_failure = max((t for t, s in after if s != 200), default=None)
    survivors = [json.loads(post(BASE + 1, text)[1]).get("cached") for text in seeded]
    return {"load": run, "errors": run["other"] + run["socket_errors"],
            "probe_requests": len(probes), "probe_failures": len(failures),
            "probe_failures_by_status": {str(s): sum(1 for _, x in failures if x == s) for s in {x for _, x in failures}},
            "recovered_after_s": round(last_failure - killed, 2) if last_failure else 0.0,
            "seeded_on_killed_instance": len(seeded), "seeded_served_cached_by_survivor": sum(1 for c in survivors if c)}


def main():
    if "--build" in sys.argv:
        subprocess.run(["mvn", "-q", "-B", "package", "-DskipTests"], cwd=ROOT, check=True)
    os.makedirs(RESULTS, exist_ok=True)
    source = os.environ.get("SENTENCES", os.path.join(ROOT, "..", "shared", "data", "sst2", "train.tsv"))
    with open(source, encoding="utf-8") as f:
        lines = list(dict.fromkeys(line.rstrip("\n").split("\t")[-1] for line in list(f)[1:]))
    # then the same sentences with their words in reverse order: as many tokens each, so a miss costs what it costs,
    # but other texts to the cache: room for 6 rounds at each connection count (the 66,978 sentences alone ran out in
    # the seventh round of 5 + 5)
    lines = list(dict.fromkeys(lines + [" ".join(reversed(line.split(" "))) for line in lines]))
    sentences = os.path.join(RESULTS, "cluster-sentences.txt")
    with open(sentences, "w", encoding="utf-8") as w:
        w.write("\n".join(lines) + "\n")
    # the warm-ups' texts have a prefix, the hits' and the seeded texts' theirs: the runs take the sentences in order
    # (the last 300 excepted)
    report = {"instances": 2, "connections": CONNECTIONS, "seconds_per_run": SECONDS, "rounds": ROUNDS,
              "repeat_ratio": 0.5, "cpus": os.cpu_count()}
    try:
        cluster("start", "2")
        texts = NewTexts(len(lines) - 300)
        report["cache"] = load(texts, sentences)
        repeats = ["hit: " + line for line in lines[:100]]
        report["hit_server_time"] = {"instance_1": hit_times(BASE + 1, repeats), "instance_2": hit_times(BASE + 2, repeats)}
        # the kill's load: new texts again, with a prefix
        report["kill"] = scenario_kill(sentences, lines[-300:])
    finally:
        cluster("stop")
    wrapped = texts.wrapped
    # the other clusters start empty, so they take the same sentences again
    others = {"shared_lookups": {"CACHE_REPLICATE": "false"}, "local_only": {"CACHE_STORE": "local"}}
    for name in [n for n in os.environ.get("COMPARE", ",".join(others)).split(",") if n]:
        env = others[name]
        try:
            cluster("start", "2", env=env)
            more = NewTexts(len(lines) - 300)
            report[name] = load(more, sentences)
            wrapped = wrapped or more.wrapped
        finally:
            cluster("stop")
    report["texts_wrapped"] = wrapped
    with open(os.path.join(RESULTS, "cluster.json"), "w") as f:
        json.dump(report, f, indent=2)
    print(json.dumps(report, indent=2))
    print("\ncluster      connections  texts/s  no-store texts/s  ratio (median; rounds)  hit ratio  p50 / p99 ms")
    for name in [n for n in ("cache", "shared_lookups", "local_only") if n in report]:
        for c in CONNECTIONS:
            r = report[name]["c%d" % c]
            print("%-12s %11d  %7.1f  %16.1f  %5.2fx (%s)  %9.1f%%  %.0f / %.0f" % (
                name, c, r["texts_per_second"], r["no_store_texts_per_second"], r["ratio_median"],
                ", ".join("%.2f" % x for x in r["ratios"]), 100 * r["hit_ratio"], r["p50_ms"], r["p99_ms"]))


if __name__ == "__main__":
    main()
