#!/usr/bin/env bash
# Sentio against what a user would pick instead: transformers.js (@huggingface/transformers, onnxruntime-node)
# serving the same model file with pipeline('sentiment-analysis') behind a minimal node:http server
# (bench/transformersjs/server.mjs). Both up at once; wrk sends the same single-text requests (SST-2 dev sentences,
# POST /api/analyze {"text"}) to each in turn at concurrency 1 and 32, ROUNDS times. Sentio's result cache is off.
#
# Usage: bash bench/vs-transformersjs.sh [seconds-per-run]     (default 20; needs node 18+, npm and wrk)
#   ROUNDS=3  MODEL=models/sentiment-e5-small
# Writes bench/results/vs-transformersjs/ (one JSON per run) and bench/results/vs-transformersjs.md (medians).
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-20}
ROUNDS=${ROUNDS:-3}
MODEL=${MODEL:-models/sentiment-e5-small}
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

source bench/lib.sh
start_sentio "$OUT/payara.log" CACHE_ENABLED=false MODELS_DIR="$PWD/models"
node bench/transformersjs/server.mjs "$folder" "$NODE_PORT" > "$OUT/transformersjs.log" 2>&1 &
background_process $!
wait_ready "http://127.0.0.1:$PORT/health/ready" "http://127.0.0.1:$NODE_PORT/"

echo "warm-up: Sentio 3 x 30 s, transformers.js 30 s, at concurrency 32"
for _ in 1 2 3; do wrk_run "$PORT" 32 30 > /dev/null; done
wrk_run "$NODE_PORT" 32 30 > /dev/null

for round in $(seq "$ROUNDS"); do
  for server in sentio transformersjs; do
    port=$PORT
    [ "$server" = transformersjs ] && port=$NODE_PORT
    for c in 1 32; do
      wrk_run "$port" "$c" "$RUN_SECONDS" > "$OUT/$server-c$c-$round.json"
      echo "round $round, $server, concurrency $c: $(cat "$OUT/$server-c$c-$round.json")"
    done
  done
done
python3 bench/wrk_table.py "$OUT" "$ROUNDS" "1 32" sentio transformersjs
