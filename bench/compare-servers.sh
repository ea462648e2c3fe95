#!/usr/bin/env bash
# Several servers that differ only in their environment (a setting, a memory allocator), up side by side and
# measured in one run: wrk sends single-text requests (result cache off) to each in turn, the order rotating every
# round, so this machine's drift (10-20% within minutes) falls on all of them alike; each server is compared with
# the first by the median of the rounds' ratios. Per run, the engine's stages come from the server's /metrics:
# texts a run, run time a text, tokenization, queue wait.
#
# Usage: bash bench/compare-servers.sh [seconds-per-run]     (default 10; needs wrk, installed if missing)
#   SERVERS="default; jemalloc LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2; overhead-32 BATCH_RUN_OVERHEAD_TOKENS=32"
#           servers separated by ';', each a name and its VAR=value assignments (the default compares these three)
#   CONCURRENCY="32 1"  ROUNDS=6  WARMUP_ROUNDS=4 (30 s at concurrency 32 each, per server)  BASE_PORT=18095
# Writes bench/results/compare-servers/ (runs.jsonl, server logs) and bench/results/compare-servers.md.
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-10}
ROUNDS=${ROUNDS:-6}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-4}
CONCURRENCY=${CONCURRENCY:-32 1}
BASE_PORT=${BASE_PORT:-18095}
JEMALLOC=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2
SERVERS=${SERVERS:-"default; jemalloc LD_PRELOAD=$JEMALLOC; overhead-32 BATCH_RUN_OVERHEAD_TOKENS=32"}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
OUT=bench/results/compare-servers
rm -rf "$OUT" && mkdir -p "$OUT"

command -v wrk > /dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
if [[ "$SERVERS" == *"$JEMALLOC"* ]] && [ ! -f "$JEMALLOC" ]; then
  apt-get update -qq && apt-get install -y -qq libjemalloc2
fi
mvn -q -B package -DskipTests
PAYARA=$(bash bench/payara-jar.sh)
tail -n +2 "$DATA" | cut -f2 > "$OUT/sentences.txt"
source bench/lib.sh

names=() ports=()
IFS=';' read -ra specs <<< "$SERVERS"
for spec in "${specs[@]}"; do
  read -ra words <<< "$spec"
  ((${#words[@]})) || continue
  PORT=$((BASE_PORT + ${#names[@]}))
  if curl -s -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT is taken by another server: stop it or set BASE_PORT" >&2
    exit 1
  fi
  names+=("${words[0]}") ports+=("$PORT")
  start_sentio "$OUT/${words[0]}.log" CACHE_ENABLED=false "${words[@]:1}"
done
for port in "${ports[@]}"; do wait_ready "http://127.0.0.1:$port/health/ready"; done

echo "warm-up: $WARMUP_ROUNDS x 30 s at concurrency 32 per server"
for _ in $(seq "$WARMUP_ROUNDS"); do
  for port in "${ports[@]}"; do wrk_run "$port" 32 30 > /dev/null; done
done

count=${#names[@]}
for round in $(seq 0 $((ROUNDS - 1))); do
  for c in $CONCURRENCY; do
    for i in $(seq 0 $((count - 1))); do
      k=$(((i + round) % count))
      name=${names[$k]} port=${ports[$k]}
      python3 bench/compare_servers.py snapshot "$port" "$OUT/before.json"
      wrk_run "$port" "$c" "$RUN_SECONDS" > "$OUT/wrk.json"
      line=$(python3 bench/compare_servers.py run "$port" "$OUT/before.json" "$OUT/wrk.json")
      echo "{\"round\": $round, \"server\": \"$name\", \"connections\": $c, ${line#\{}" >> "$OUT/runs.jsonl"
      echo "round $round, $name, concurrency $c: $line"
    done
  done
done
python3 bench/compare_servers.py table "$OUT" "${names[@]}"
