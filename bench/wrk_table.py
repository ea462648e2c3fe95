"""Medians of wrk runs (bench/analyze.lua's JSON lines) per server and concurrency, as a Markdown table.

Usage: wrk_table.py OUT ROUNDS "C1 C2 ..." NAME1 NAME2  (reads OUT/NAME-cC-ROUND.json, writes OUT.md, prints it)
The last lines compare NAME1 with NAME2 at each concurrency: texts/s and median latency.
"""
import json
import statistics
import sys

out, rounds, concurrencies, names = sys.argv[1], int(sys.argv[2]), [int(c) for c in sys.argv[3].split()], sys.argv[4:]
rows = ["| server | concurrency | texts/s (median of runs) | runs | p50 ms | p99 ms | errors |",
        "|---|---|---|---|---|---|---|"]
figures = {}
for name in names:
    for c in concurrencies:
        runs = [json.load(open(f"{out}/{name}-c{c}-{r}.json")) for r in range(1, rounds + 1)]
        rates = [r["ok"] * r["texts_per_request"] / r["seconds"] for r in runs]
        p50 = statistics.median(r["p50_ms"] for r in runs)
        # wrk's status errors are every answer of 400 or more; partial: a 200 without one result per text
        errors = sum(r["socket_errors"] + r["http_errors"] + r["partial"] for r in runs)
        figures[name, c] = statistics.median(rates), p50
        rows.append(f"| {name} | {c} | {statistics.median(rates):.1f} | {', '.join(f'{x:.1f}' for x in rates)} "
                    f"| {p50:.2f} | {statistics.median(r['p99_ms'] for r in runs):.2f} | {errors} |")
rows.append("")
first, second = names[0], names[1]
for c in concurrencies:
    rows.append(f"{first} / {second} at concurrency {c}: {figures[first, c][0] / figures[second, c][0]:.2f}x the texts/s; "
                f"median latency {figures[first, c][1]:.2f} ms against {figures[second, c][1]:.2f} ms")
table = "\n".join(rows) + "\n"
open(f"{out}.md", "w").write(table)
print(table)
