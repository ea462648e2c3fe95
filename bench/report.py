"""Turns bench/results into docs/benchmark.md (a table) and bench/results/summary.json."""
import json
import os
import platform
import statistics
import subprocess
import sys

out, run_seconds = sys.argv[1], int(sys.argv[2])
engine = json.load(open(os.path.join(out, "engine.json")))
# the ceiling is the best of every engine mode, the dynamic batcher fed all texts at once included
best_run = max((r for r in engine["runs"] if "texts_per_second" in r), key=lambda r: r["texts_per_second"])
ceiling = max(engine["ceiling_texts_per_second"], best_run["texts_per_second"])


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()


def row(key, batching, label):
    result = json.loads(open(os.path.join(out, key + ".json")).read())
    user, system, wall = map(float, open(os.path.join(out, key + ".time")).read().split()[-3:])
    server_cpu = json.loads(open(os.path.join(out, key + ".server")).read())["server_cpu_seconds"]
    answered = result["requests"] - result["http_errors"]  # only texts that got a 200 count
    texts = answered * result["texts_per_request"] / result["seconds"]
    return {"batching": batching, "concurrency": label, "run": key, "texts_per_second": round(texts, 1),
            "ratio_to_engine": round(texts / ceiling, 3), "p50_ms": result["p50_ms"],
            "p95_ms": result["p95_ms"], "p99_ms": result["p99_ms"],
            "errors": result["socket_errors"] + result["http_errors"],
            "loadgen_cpu_percent": round(100 * (user + system) / wall, 1),
            "server_cpu_percent": round(100 * server_cpu / wall, 1)}


def quick_ceiling(batching, index):
    return json.load(open(os.path.join(out, f"batching-{batching}-c32.ceiling{index}")))["ceiling_texts_per_second"]


# concurrency 32 ran three times, each between two quick ceiling measurements (the host's speed drifts over
# minutes): each run is set against the mean of the two around it, and the median run stands for the setting
rows = []
adjacent = {}
for batching in ("on", "off"):
    reps = []
    for rep in (1, 2, 3):
        r = row(f"batching-{batching}-c32-r{rep}", batching, "32")
        around = [quick_ceiling(batching, rep - 1), quick_ceiling(batching, rep)]
        r["ceilings_around"] = around
        r["adjacent_ceiling"] = round(sum(around) / 2, 1)
        r["ratio_to_adjacent_ceiling"] = round(r["texts_per_second"] / r["adjacent_ceiling"], 3)
        reps.append(r)
    median = sorted(reps, key=lambda r: r["ratio_to_adjacent_ceiling"])[1]
    adjacent[batching] = {"runs": reps, "median_ratio": median["ratio_to_adjacent_ceiling"], "median_run": median["run"]}
    for name, label in [("c1", "1"), ("c8", "8"), ("c32", "32"), ("c64", "64"), ("batch32-c8", "8 x 32-text requests")]:
        rows.append(median if name == "c32" else row(f"batching-{batching}-{name}", batching, label))
c32_on = next(r for r in rows if r["batching"] == "on" and r["concurrency"] == "32")
c32_off = next(r for r in rows if r["batching"] == "off" and r["concurrency"] == "32")
batching_factor = {"raw_median_runs": round(c32_on["texts_per_second"] / c32_off["texts_per_second"], 2),
                   "median_ratios": round(adjacent["on"]["median_ratio"] / adjacent["off"]["median_ratio"], 2)}

threads = {}
for batching in ("on", "off"):
    path = os.path.join(out, f"batching-{batching}-c32.threads")
    if os.path.exists(path):
        threads[batching] = json.loads(open(path).read())

warmups = {}
for name in ("batching-on", "batching-off", "monitoring-on", "monitoring-off"):
    path = os.path.join(out, name + ".warmup")
    if os.path.exists(path):
        warmups[name] = json.loads(open(path).read())
single_runs = [r for r in engine["runs"] if r["mode"] == "single text latency"]
c1 = next(r for r in rows if r["batching"] == "on" and r["concurrency"] == "1")
c1_over_in_process_ms = round(c1["p50_ms"] - engine["single_text_ms"], 2)
# and against the single text measured in-process right before and after the concurrency-1 run
c1_around = [json.load(open(os.path.join(out, f"batching-on-c1.{when}")))["single_text_ms"] for when in ("before", "after")]
c1_adjacent = {"in_process_before_ms": c1_around[0], "in_process_after_ms": c1_around[1],
               "service_p50_ms": c1["p50_ms"], "over_their_mean_ms": round(c1["p50_ms"] - sum(c1_around) / 2, 2)}

monitoring = {"pairs": []}
pair = 1
while os.path.exists(os.path.join(out, f"monitoring-on-c1-p{pair}.json")):
    on, off = (json.load(open(os.path.join(out, f"monitoring-{s}-c1-p{pair}.json"))) for s in ("on", "off"))
    monitoring["pairs"].append({"p50_ms_on": on["p50_ms"], "p50_ms_off": off["p50_ms"],
                                "p50_overhead_ms": round(on["p50_ms"] - off["p50_ms"], 2),
                                "texts_per_second_on": round(on["requests"] / on["seconds"], 1),
                                "texts_per_second_off": round(off["requests"] / off["seconds"], 1)})
    pair += 1
if monitoring["pairs"]:
    monitoring["median_p50_overhead_ms"] = round(statistics.median(p["p50_overhead_ms"] for p in monitoring["pairs"]), 2)
    monitoring["median_p50_ms_on"] = round(statistics.median(p["p50_ms_on"] for p in monitoring["pairs"]), 2)
    monitoring["median_p50_ms_off"] = round(statistics.median(p["p50_ms_off"] for p in monitoring["pairs"]), 2)

summary = {"machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                       "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]},
           "settings": {"run_seconds": run_seconds, "model": "sentiment-e5-small int8", "corpus": "SST-2 dev sentences (872)",
                        "load_generator": "wrk -t1 (one thread), one connection per concurrent client"},
           "engine": engine, "ceiling_texts_per_second": ceiling, "warmup": warmups,
           "c1_p50_over_in_process_single_text_ms": c1_over_in_process_ms,
           "c1_against_adjacent_single_text": c1_adjacent, "service": rows,
           "c32_against_adjacent_ceiling": adjacent, "batching_on_over_off_c32": batching_factor, "server_cpu_by_thread_c32": threads,
           "monitoring_cost": monitoring}
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2)

print("# Benchmark: the service against the engine's ceiling\n")
print(f"Machine: {summary['machine']['cpu']}, {summary['machine']['cores']} cores; {summary['machine']['java']}.")
print(f"Model sentiment-e5-small (int8), SST-2 dev sentences, {run_seconds} s per run; command: `bash bench/run.sh`.\n")
print(f"Engine ceiling (same core in-process, no HTTP, best of every mode, thread layout and batch size below): "
      f"**{ceiling} texts/s** ({best_run['mode']}, {best_run['layout']} runs, batch size {best_run['batch_size']}); "
      f"single text in-process **{engine['single_text_ms']} ms** (median over the corpus, one text at a time through "
      f"the core: tokenizer, batcher, ONNX Runtime run, scores; the run alone "
      f"{min(r['run_only_ms'] for r in single_runs)} ms).\n")
print(f"Service at concurrency 1: p50 {c1['p50_ms']} ms, {c1_over_in_process_ms} ms over that in-process single text, "
      f"and **{c1_adjacent['over_their_mean_ms']} ms** over the mean of the single text measured in-process right before "
      f"({c1_adjacent['in_process_before_ms']} ms) and after ({c1_adjacent['in_process_after_ms']} ms) it.\n")
print("Every server is warmed up first, with load at concurrency 32 in 30 s rounds until the JIT compiler threads use "
      "under 2 % of one core (they take 20-30 % for the first minutes: with one text per request the request path gets "
      "hot slowly): " + "; ".join(f"{k} {v['warmup_seconds']} s ({v['jit_compiler_percent_last_round']} % in the last "
                                   f"round)" for k, v in warmups.items()) + ".\n")
print("| engine mode | layout | batch size | texts/s |")
print("|---|---|---|---|")
for r in engine["runs"]:
    if "texts_per_second" in r:
        print(f"| {r['mode']} | {r['layout']} | {r['batch_size']} | {r['texts_per_second']} |")
print()
print("| batching | concurrency | texts/s | × engine | p50 ms | p95 ms | p99 ms | errors | wrk CPU % | server CPU % |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['batching']} | {r['concurrency']} | {r['texts_per_second']} | {r['ratio_to_engine']} | {r['p50_ms']} | "
          f"{r['p95_ms']} | {r['p99_ms']} | {r['errors']} | {r['loadgen_cpu_percent']} | {r['server_cpu_percent']} |")
print("\nCPU % is of one core (200 % = both cores busy).\n")
print("Concurrency 32 ran three times per setting, each run between two quick measurements of the ceiling (one "
      "single-threaded run per core, length-sorted batches of 32 and the dynamic batcher; the server idles meanwhile); "
      "the table above shows the median run:\n")
print("| batching | run | ceiling before | ceiling after | service texts/s | × their mean | p50 ms | p99 ms |")
print("|---|---|---|---|---|---|---|---|")
for batching, a in adjacent.items():
    for r in a["runs"]:
        print(f"| {batching} | {r['run'][-2:]} | {r['ceilings_around'][0]} | {r['ceilings_around'][1]} | "
              f"{r['texts_per_second']} | {r['ratio_to_adjacent_ceiling']} | {r['p50_ms']} | {r['p99_ms']} |")
print(f"\nMedian ratio to the adjacent ceiling at concurrency 32: batching on **{adjacent['on']['median_ratio']}**, "
      f"off {adjacent['off']['median_ratio']}. Batching on over off: **{batching_factor['median_ratios']}x** "
      f"(median ratios), {batching_factor['raw_median_runs']}x in raw texts/s of the median runs.\n")
for batching, shares in threads.items():
    top = ", ".join(f"{name} {share} %" for name, share in list(shares.items())[:5])
    print(f"Server CPU by thread group at concurrency 32, batching {batching}: {top}.\n")
print("Cost of request monitoring (statistics, metrics, access log line) at concurrency 1: a server with it and one "
      "started with MONITORING_REQUESTS_ENABLED=false (stage metrics stay on), both up and warmed up, runs alternating "
      "between them so that the host's drift falls on both alike; the cost is the median of the pairs' differences.\n")
print("| pair | p50 ms with | p50 ms without | difference ms | texts/s with | texts/s without |")
print("|---|---|---|---|---|---|")
for i, m in enumerate(monitoring["pairs"], 1):
    print(f"| {i} | {m['p50_ms_on']} | {m['p50_ms_off']} | {m['p50_overhead_ms']} | {m['texts_per_second_on']} | "
          f"{m['texts_per_second_off']} |")
if monitoring["pairs"]:
    print(f"\nMedian difference: **{monitoring['median_p50_overhead_ms']} ms** a request (median p50 "
          f"{monitoring['median_p50_ms_on']} ms with, {monitoring['median_p50_ms_off']} ms without).")
