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
MODEL=${MODEL:-models/sentiment-e5-small}
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

source bench/lib.sh
start_sentio "$OUT/payara.log" CACHE_ENABLED=false MODELS_DIR="$PWD/$OUT/models" DEFAULT_MODEL="$name"
wait_ready "http://127.0.0.1:$PORT/health/ready"

echo "warm-up: both models, 4 x 30 s at concurrency 32"
for _ in 1 2 3 4; do wrk_run "$PORT" 32 30 MODELS="$name,$other" > /dev/null; done

for round in $(seq "$ROUNDS"); do
  for model in "$name" "$other"; do
    for c in 32 1; do
      wrk_run "$PORT" "$c" "$RUN_SECONDS" MODELS="$model" > "$OUT/$model-c$c-$round.json"
      echo "round $round, $model, concurrency $c: $(cat "$OUT/$model-c$c-$round.json")"
    done
  done
done
python3 bench/wrk_table.py "$OUT" "$ROUNDS" "32 1" "$name" "$other"
