"""Turns bench/results into docs/benchmark.md (a table) and bench/results/summary.json."""
import json
import os
import platform
import subprocess
import sys

out, run_seconds = sys.argv[1], int(sys.argv[2])
engine = json.load(open(os.path.join(out, "engine.json")))
ceiling = engine["ceiling_texts_per_second"]


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

monitoring_off = json.loads(open(os.path.join(out, "monitoring-off-c1.json")).read())
monitoring_on = json.loads(open(os.path.join(out, "batching-on-c1.json")).read())
monitoring = {"p50_ms_on": monitoring_on["p50_ms"], "p50_ms_off": monitoring_off["p50_ms"],
              "overhead_ms": round(monitoring_on["p50_ms"] - monitoring_off["p50_ms"], 3)}

summary = {"machine": {"cpu": cpu_model(), "cores": os.cpu_count(),
                       "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]},
           "settings": {"run_seconds": run_seconds, "model": "sst2-bge-small int8", "corpus": "SST-2 dev sentences (872)",
                        "load_generator": "wrk -t1 (one thread), one connection per concurrent client"},
           "engine": engine, "service": rows, "monitoring_cost_c1": monitoring}
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=2)

print("# Benchmark: the service against the engine's ceiling\n")
print(f"Machine: {summary['machine']['cpu']}, {summary['machine']['cores']} cores; {summary['machine']['java']}.")
print(f"Model sst2-bge-small (int8), SST-2 dev sentences, {run_seconds} s per run; command: `bash bench/run.sh`.\n")
print(f"Engine ceiling (same core in-process, no HTTP): **{ceiling} texts/s** at length-sorted batches of "
      f"{engine['ceiling_batch_size']}; single text in-process {engine['single_text_ms']} ms (median of 200).\n")
print("| batching | concurrency | texts/s | × engine | p50 ms | p95 ms | p99 ms | errors | wrk CPU % | server CPU % |")
print("|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['batching']} | {r['concurrency']} | {r['texts_per_second']} | {r['ratio_to_engine']} | {r['p50_ms']} | "
          f"{r['p95_ms']} | {r['p99_ms']} | {r['errors']} | {r['loadgen_cpu_percent']} | {r['server_cpu_percent']} |")
print("\nCPU % is of one core (200 % = both cores busy).\n")
print(f"Request monitoring (statistics, metrics, log line) at concurrency 1: median {monitoring['p50_ms_on']} ms with it, "
      f"{monitoring['p50_ms_off']} ms without (MONITORING_REQUESTS_ENABLED=false): {monitoring['overhead_ms']} ms.")
