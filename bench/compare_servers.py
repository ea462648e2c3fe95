"""Helpers of bench/compare-servers.sh: the engine's stage figures of one wrk run, and the comparison table.

  compare_servers.py snapshot PORT FILE            the server's stage sums and counts (/metrics) into FILE
  compare_servers.py run PORT BEFORE WRK.json      one JSON line: wrk's figures and the stages during the run
  compare_servers.py table OUT NAME...             OUT.md from OUT/runs.jsonl: per server and concurrency, medians,
                                                   and each server's ratio to the first measured in the same round
"""
import json
import re
import statistics
import sys
import urllib.request

STAGES = ("sentio_inference_duration_seconds", "sentio_batch_size", "sentio_tokenization_duration_seconds",
          "sentio_queue_wait_duration_seconds")


def snapshot(port):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10).read().decode()
    sums = {}
    for line in text.splitlines():
        match = re.match(r"(sentio_\w+_(?:sum|count))(?:\{[^}]*\})? (\S+)$", line)
        if match and match.group(1).rsplit("_", 1)[0] in STAGES:
            sums[match.group(1)] = sums.get(match.group(1), 0.0) + float(match.group(2))
    return sums


def run(port, before_file, wrk_file):
    before, after, wrk = json.load(open(before_file)), snapshot(port), json.load(open(wrk_file))
    d = {k: after[k] - before.get(k, 0.0) for k in after}

    def mean_ms(stage):
        count = d.get(f"{stage}_count", 0)
        return round(1000 * d[f"{stage}_sum"] / count, 3) if count else None

    runs, texts = d.get("sentio_inference_duration_seconds_count", 0), d.get("sentio_batch_size_sum", 0)
    return {**wrk, "texts_per_second": wrk["ok"] * wrk["texts_per_request"] / wrk["seconds"],
            "runs": runs, "mean_batch": round(texts / runs, 2) if runs else None,
            "run_ms": mean_ms("sentio_inference_duration_seconds"),
            "run_ms_per_text": round(1000 * d["sentio_inference_duration_seconds_sum"] / texts, 3) if texts else None,
            "tokenization_ms": mean_ms("sentio_tokenization_duration_seconds"),
            "queue_ms": mean_ms("sentio_queue_wait_duration_seconds")}


def table(out, names):
    runs = [json.loads(line) for line in open(f"{out}/runs.jsonl")]
    rows = ["| server | concurrency | texts/s (median) | × the first (median of rounds' ratios; range) | p50 ms | p99 ms "
            "| run ms a text | texts a run | tokenizing ms | errors |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for c in sorted({r["connections"] for r in runs}, reverse=True):
        first = {r["round"]: r["texts_per_second"] for r in runs if r["server"] == names[0] and r["connections"] == c}
        for name in names:
            mine = [r for r in runs if r["server"] == name and r["connections"] == c]
            ratios = [r["texts_per_second"] / first[r["round"]] for r in mine if r["round"] in first]

            def med(key):
                values = [r[key] for r in mine if r[key] is not None]
                return statistics.median(values) if values else float("nan")

            errors = sum(r["socket_errors"] + r["http_errors"] + r["partial"] + r["other"] for r in mine)
            rows.append(f"| {name} | {c} | {med('texts_per_second'):.1f} | {statistics.median(ratios):.3f} "
                        f"({min(ratios):.3f}-{max(ratios):.3f}) | {med('p50_ms'):.2f} | {med('p99_ms'):.2f} "
                        f"| {med('run_ms_per_text'):.2f} | {med('mean_batch'):.2f} | {med('tokenization_ms'):.3f} "
                        f"| {errors} |")
    text = "\n".join(rows) + "\n"
    open(f"{out}.md", "w").write(text)
    print(text)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "snapshot":
        json.dump(snapshot(sys.argv[2]), open(sys.argv[3], "w"))
    elif command == "run":
        print(json.dumps(run(sys.argv[2], sys.argv[3], sys.argv[4])))
    elif command == "table":
        table(sys.argv[2], sys.argv[3:])
    else:
        sys.exit(__doc__)
