"""Turns bench/results into docs/benchmark.md (a table) and bench/results/summary.json."""
import json
import os
import platform
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


rows = []
for batching in ("on", "off"):
    for name, label in [("c1", "1"), ("c8", "8"), ("c32", "32"), ("c64", "64"), ("batch32-c8", "8 x 32-text requests")]:
        key = f"batching-{batching}-{name}"
        result = json.loads(open(os.path.join(out, key + ".json")).read())
        user, system, wall = map(float, open(os.path.join(out, key + ".time")).read().split()[-3:])
        server_cpu = json.loads(open(os.path.join(out, key + ".server")).read())["server_cpu_seconds"]
        answered = result["requests"] - result["http_errors"]  # only texts that got a 200 count
        texts = answered * result["texts_per_request"] / result["seconds"]
        rows.append({"batching": batching, "concurrency": label, "texts_per_second": round(texts, 1),
                     "ratio_to_engine": round(texts / ceiling, 3), "p50_ms": result["p50_ms"],
                     "p95_ms": result["p95_ms"], "p99_ms": result["p99_ms"],
                     "errors": result["socket_errors"] + result["http_errors"],
                     "loadgen_cpu_percent": round(100 * (user + system) / wall, 1),
                     "server_cpu_percent": round(100 * server_cpu / wall, 1)})

# the ceiling measured right before and after each concurrency-32 run (the host's speed drifts over minutes)
adjacent = {}
for batching in ("on", "off"):
    around = [json.load(open(os.path.join(out, f"batching-{batching}-c32.{when}")))["ceiling_texts_per_second"]
              for when in ("before", "after")]
    row = next(r for r in rows if r["batching"] == batching and r["concurrency"] == "32")
    adjacent[batching] = {"before": around[0], "after": around[1], "mean": round(sum(around) / 2, 1),
                          "service_texts_per_second": row["texts_per_second"],
                          "ratio": round(row["texts_per_second"] / (sum(around) / 2), 3)}
batching_factor = {"raw": round(adjacent["on"]["service_texts_per_second"] / adjacent["off"]["service_texts_per_second"], 2),
                   "each_against_its_adjacent_ceiling": round(adjacent["on"]["ratio"] / adjacent["off"]["ratio"], 2)}

threads = {}
for batching in ("on", "off"):
    path = os.path.join(out, f"batching-{batching}-c32.threads")
    if os.path.exists(path):
        threads[batching] = json.loads(open(path).read())

warmups = {}
for name in ("batching-on", "batching-off", "monitoring-off"):
    path = os.path.join(out, name + ".warmup")
    if os.path.exists(path):
        warmups[name] = json.loads(open(path).read())
single_runs = [r for r in engine["runs"] if r["mode"] == "single text latency"]
c1 = next(r for r in rows if r["batching"] == "on" and r["concurrency"] == "1")
c1_over_in_process_ms = round(c1["p50_ms"] - engine["single_text_ms"], 2)

monitoring = {}
for c in ("c1", "c32"):
    on = json.loads(open(os.path.join(out, f"batching-on-{c}.json")).read())
    off = json.loads(open(os.path.join(out, f"monitoring-off-{c}.json")).read())
    monitoring[c] = {"p50_ms_on": on["p50_ms"], "p50_ms_off": off["p50_ms"],
                     "p50_overhead_ms": round(on["p50_ms"] - off["p50_ms"], 2),
                     "texts_per_second_on": round(on["requests"] / on["seconds"], 1),
                     "texts_per_second_off": round(off["requests"] / off["seconds"], 1)}

summary = {"machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                       "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]},
           "settings": {"run_seconds": run_seconds, "model": "sst2-bge-small int8", "corpus": "SST-2 dev sentences (872)",
                        "load_generator": "wrk -t1 (one thread), one connection per concurrent client"},
           "engine": engine, "ceiling_texts_per_second": ceiling, "warmup": warmups,
           "c1_p50_over_in_process_single_text_ms": c1_over_in_process_ms, "service": rows,
           "c32_against_adjacent_ceiling": adjacent, "batching_on_over_off_c32": batching_factor, "server_cpu_by_thread_c32": threads,
           "monitoring_cost": monitoring}
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2)

print("# Benchmark: the service against the engine's ceiling\n")
print(f"Machine: {summary['machine']['cpu']}, {summary['machine']['cores']} cores; {summary['machine']['java']}.")
print(f"Model sst2-bge-small (int8), SST-2 dev sentences, {run_seconds} s per run; command: `bash bench/run.sh`.\n")
print(f"Engine ceiling (same core in-process, no HTTP, best of every mode, thread layout and batch size below): "
      f"**{ceiling} texts/s** ({best_run['mode']}, {best_run['layout']} runs, batch size {best_run['batch_size']}); "
      f"single text in-process **{engine['single_text_ms']} ms** (median over the corpus, one text at a time through "
      f"the core: tokenizer, batcher, ONNX Runtime run, scores; the run alone "
      f"{min(r['run_only_ms'] for r in single_runs)} ms).\n")
print(f"Service at concurrency 1: p50 {c1['p50_ms']} ms, **{c1_over_in_process_ms} ms** over the in-process single text.\n")
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
print("Concurrency 32 against the ceiling measured right before and after it (quick mode: one single-threaded run "
      "per core, length-sorted batches of 32 and the dynamic batcher; the server idles meanwhile):\n")
print("| batching | ceiling before | ceiling after | service texts/s | × their mean |")
print("|---|---|---|---|---|")
for batching, a in adjacent.items():
    print(f"| {batching} | {a['before']} | {a['after']} | {a['service_texts_per_second']} | **{a['ratio']}** |")
print(f"\nBatching on over off at concurrency 32: {batching_factor['raw']}x in texts/s, "
      f"{batching_factor['each_against_its_adjacent_ceiling']}x with each set against its adjacent ceiling.\n")
for batching, shares in threads.items():
    top = ", ".join(f"{name} {share} %" for name, share in list(shares.items())[:5])
    print(f"Server CPU by thread group at concurrency 32, batching {batching}: {top}.\n")
print("Cost of request monitoring (statistics, metrics, access log line), measured against a server started with "
      "MONITORING_REQUESTS_ENABLED=false (stage metrics stay on):\n")
print("| concurrency | p50 ms with | p50 ms without | difference ms | texts/s with | texts/s without |")
print("|---|---|---|---|---|---|")
for c, m in monitoring.items():
    print(f"| {c[1:]} | {m['p50_ms_on']} | {m['p50_ms_off']} | {m['p50_overhead_ms']} | {m['texts_per_second_on']} | "
          f"{m['texts_per_second_off']} |")
