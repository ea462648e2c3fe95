#!/usr/bin/env bash
# The service with the shipped int8 form against another form of the same weights, in one server and one run:
# the model folder as shipped and a copy whose model.onnx models/training/requantize.py rewrote (by default to
# per-token-elementwise, the form shipped before), served side by side; wrk sends single-text requests (result
# cache off) at concurrency 32 and 1 to each in turn, ROUNDS times.
#
# Usage: bash bench/int8-service.sh [seconds-per-run]     (default 20; needs wrk, installed if missing)
#   OTHER_FORM=per-tensor   the form to compare with;  ROUNDS=3
# Writes bench/results/int8-service/ (one JSON per run) and bench/results/int8-service.md (medians).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-20}
ROUNDS=${ROUNDS:-3}
OTHER_FORM=${OTHER_FORM:-per-token-elementwise}
MODEL=${MODEL:-models/sentiment-bge-small}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
PORT=${PORT:-18095}
OUT=bench/results/int8-service
rm -rf "$OUT" && mkdir -p "$OUT/models"

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
dpkg-query -W -f='${Status}' python3-onnx 2>/dev/null | grep -q "ok installed" \
  || { apt-get update -qq && apt-get install -y -qq python3-onnx; }
mvn -q -B package -DskipTests
PAYARA=$(bash bench/payara-jar.sh)
tail -n +2 "$DATA" | cut -f2 > "$OUT/sentences.txt"

name=$(basename "$MODEL")
other=$name-$OTHER_FORM
cp -r "$MODEL" "$OUT/models/$name"
cp -r "$MODEL" "$OUT/models/$other"
/usr/bin/python3 models/training/requantize.py "$MODEL/model.onnx" "$OUT/models/$other/model.onnx" --form "$OTHER_FORM"

CACHE_ENABLED=false MODELS_DIR="$PWD/$OUT/models" DEFAULT_MODEL="$name" JAVA_OPTS=-Xmx1g \
  bash server-config/payara-micro.sh "$PAYARA" target/sentio.war "$PORT" > "$OUT/payara.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && break
  sleep 1
done

load() { # models connections seconds
  SENTENCES="$OUT/sentences.txt" MODELS=$1 wrk -t1 -c"$2" -d"$3s" --timeout 60s -s bench/analyze.lua \
      "http://127.0.0.1:$PORT" | tail -1
}
echo "warm-up: both models, 4 x 30 s at concurrency 32"
for _ in 1 2 3 4; do load "$name,$other" 32 30 > /dev/null; done

for round in $(seq "$ROUNDS"); do
  for model in "$name" "$other"; do
    for c in 32 1; do
      load "$model" "$c" "$RUN_SECONDS" > "$OUT/$model-c$c-$round.json"
      echo "round $round, $model, concurrency $c: $(cat "$OUT/$model-c$c-$round.json")"
    done
  done
done

python3 - "$OUT" "$ROUNDS" "$name" "$other" <<'EOF'
import json, statistics, sys
out, rounds, models = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = ["| model folder | concurrency | texts/s (median of runs) | runs | p50 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"]
figures = {}
for model in models:
    for c in (32, 1):
        runs = [json.load(open(f"{out}/{model}-c{c}-{r}.json")) for r in range(1, rounds + 1)]
        rates = [r["ok"] * r["texts_per_request"] / r["seconds"] for r in runs]
        errors = sum(r["socket_errors"] + r["http_errors"] + r["partial"] for r in runs)
        figures[model, c] = statistics.median(rates)
        rows.append(f"| {model} | {c} | {statistics.median(rates):.1f} | {', '.join(f'{x:.1f}' for x in rates)} "
                    f"| {statistics.median(r['p50_ms'] for r in runs):.2f} | {statistics.median(r['p99_ms'] for r in runs):.2f} "
                    f"| {errors} |")
rows.append("")
rows.append(f"{models[0]} / {models[1]}: {figures[models[0], 32] / figures[models[1], 32]:.2f}x at concurrency 32, "
            f"{figures[models[0], 1] / figures[models[1], 1]:.2f}x at concurrency 1")
table = "\n".join(rows) + "\n"
open(f"{out}.md", "w").write(table)
print(table)
EOF
