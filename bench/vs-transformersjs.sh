#!/usr/bin/env bash
# Sentio against what a user would pick instead: transformers.js (@huggingface/transformers, onnxruntime-node)
# serving the same model file with pipeline('sentiment-analysis') behind a minimal node:http server
# (bench/transformersjs/server.mjs). Both up at once; wrk sends the same single-text requests (SST-2 dev sentences,
# POST /api/analyze {"text"}) to each in turn at concurrency 1 and 32, ROUNDS times. Sentio's result cache is off.
#
# Usage: bash bench/vs-transformersjs.sh [seconds-per-run]     (default 20; needs node 18+, npm and wrk)
#   ROUNDS=3  MODEL=models/sentiment-bge-small
# Writes bench/results/vs-transformersjs/ (one JSON per run) and bench/results/vs-transformersjs.md (medians).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-20}
ROUNDS=${ROUNDS:-3}
MODEL=${MODEL:-models/sentiment-bge-small}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
PORT=${PORT:-18096}
NODE_PORT=$((PORT + 1))
OUT=bench/results/vs-transformersjs
rm -rf "$OUT" && mkdir -p "$OUT"

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
# --ignore-scripts: onnxruntime-node's install script fetches GPU libraries from nuget.org; its CPU ones ship in
# the npm package
[ -d bench/transformersjs/node_modules ] || (cd bench/transformersjs && npm ci --no-audit --no-fund --ignore-scripts)
mvn -q -B package -DskipTests
PAYARA=$(bash bench/payara-jar.sh)
tail -n +2 "$DATA" | cut -f2 > "$OUT/sentences.txt"

# the model folder as transformers.js expects it: onnx/model_quantized.onnx for dtype q8, a tokenizer_config.json
name=$(basename "$MODEL")
folder=$OUT/models/$name
mkdir -p "$folder/onnx"
cp "$MODEL/config.json" "$MODEL/tokenizer.json" "$folder/"
cp "$MODEL/model.onnx" "$folder/onnx/model_quantized.onnx"
max_length=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['max_length'])" "$MODEL/config.json")
cat > "$folder/tokenizer_config.json" <<EOF
{"tokenizer_class": "BertTokenizer", "do_lower_case": true, "model_max_length": $max_length,
 "cls_token": "[CLS]", "sep_token": "[SEP]", "pad_token": "[PAD]", "unk_token": "[UNK]", "mask_token": "[MASK]"}
EOF

CACHE_ENABLED=false MODELS_DIR="$PWD/models" JAVA_OPTS=-Xmx1g \
  bash server-config/payara-micro.sh "$PAYARA" target/sentio.war "$PORT" > "$OUT/payara.log" 2>&1 &
SENTIO_PID=$!
node bench/transformersjs/server.mjs "$folder" "$NODE_PORT" > "$OUT/transformersjs.log" 2>&1 &
NODE_PID=$!
trap 'kill $SENTIO_PID $NODE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/health/ready" && curl -fs -o /dev/null -X POST \
    "http://127.0.0.1:$NODE_PORT/api/analyze" -d '{"text": "ready"}' && break
  sleep 1
done

load() { # port connections seconds
  SENTENCES="$OUT/sentences.txt" wrk -t1 -c"$2" -d"$3s" --timeout 60s -s bench/analyze.lua "http://127.0.0.1:$1" | tail -1
}
echo "warm-up: Sentio 3 x 30 s, transformers.js 30 s, at concurrency 32"
for _ in 1 2 3; do load "$PORT" 32 30 > /dev/null; done
load "$NODE_PORT" 32 30 > /dev/null

for round in $(seq "$ROUNDS"); do
  for server in sentio transformersjs; do
    port=$PORT
    [ "$server" = transformersjs ] && port=$NODE_PORT
    for c in 1 32; do
      load "$port" "$c" "$RUN_SECONDS" > "$OUT/$server-c$c-$round.json"
      echo "round $round, $server, concurrency $c: $(cat "$OUT/$server-c$c-$round.json")"
    done
  done
done

python3 - "$OUT" "$ROUNDS" <<'EOF'
import json, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
rows = ["| server | concurrency | texts/s (median of runs) | runs | p50 ms | p99 ms | errors |", "|---|---|---|---|---|---|---|"]
figures = {}
for server in ("sentio", "transformersjs"):
    for c in (1, 32):
        runs = [json.load(open(f"{out}/{server}-c{c}-{r}.json")) for r in range(1, rounds + 1)]
        rates = [r["ok"] / r["seconds"] for r in runs]
        p50 = statistics.median(r["p50_ms"] for r in runs)
        errors = sum(r["socket_errors"] + r["http_errors"] + r["partial"] + r["other"] for r in runs)
        figures[server, c] = (statistics.median(rates), p50)
        rows.append(f"| {server} | {c} | {statistics.median(rates):.1f} | {', '.join(f'{x:.1f}' for x in rates)} "
                    f"| {p50:.2f} | {statistics.median(r['p99_ms'] for r in runs):.2f} | {errors} |")
rows.append("")
rows.append(f"Sentio / transformers.js: {figures['sentio', 32][0] / figures['transformersjs', 32][0]:.2f}x the texts/s at "
            f"concurrency 32; median latency at concurrency 1 {figures['sentio', 1][1]:.2f} ms against "
            f"{figures['transformersjs', 1][1]:.2f} ms")
table = "\n".join(rows) + "\n"
open(f"{out}.md", "w").write(table)
print(table)
EOF
