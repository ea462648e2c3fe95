#!/usr/bin/env bash
# Does an open console cost the analysis path anything? Single-text POST /api/analyze with wrk at concurrency 32,
# runs alternating between no page, a headless Chromium on this host showing the console's Service view (which
# polls /api/performance and /api/model-info every 3 s), and the same polling from curl without a browser (the
# console open on another machine). Prints each run, the browser's own CPU seconds in the run, and the medians.
# Usage: bash bench/console-cost.sh [seconds-per-run] [pairs; 0: only the CPU per call]     (needs wrk, chromium and python3; PORT default 28090)
set -euo pipefail
cd "$(dirname "$0")/.."
RUN_SECONDS=${1:-20}
PAIRS=${2:-2}
WARMUP_SECONDS=${WARMUP_SECONDS:-90}
PORT=${PORT:-28090}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
OUT=bench/results/console
mkdir -p "$OUT"
tail -n +2 "$DATA" | cut -f2 > "$OUT/sentences.txt"
[ -f target/sentio.war ] || mvn -q -B package -DskipTests
PAYARA=$(bash bench/payara-jar.sh)
source bench/lib.sh

LOG="$OUT/payara.log"
start_sentio "$LOG" CACHE_ENABLED=false MODELS_DIR="$PWD/models"
BROWSER_PID=
POLLER_PID=
cleanup() {
  [ -n "$BROWSER_PID" ] && kill -- -"$BROWSER_PID" 2> /dev/null || true
  [ -n "$POLLER_PID" ] && kill "$POLLER_PID" 2> /dev/null || true
  kill "$SERVER_PID" 2> /dev/null || true
  wait 2> /dev/null || true
}
trap cleanup EXIT
wait_ready "http://127.0.0.1:$PORT/health/ready"

load() { # seconds, output file
  wrk_run "$PORT" 32 "$1" > "$2"
}
polls() { grep -c 'method=GET path=/api/performance' "$LOG" || true; }

# The server's own CPU per call of each endpoint the console polls, and per single-text analysis for scale, from /proc/PID/stat while nothing else calls the server: a figure that, unlike the
# throughput runs below, does not depend on what else this host is doing.
server_cpu_ms() { awk '{print ($14 + $15) * 1000 / '"$(getconf CLK_TCK)"'}' "/proc/$SERVER_PID/stat"; }
per_call_cpu() { # label, count, command...
  local label=$1 count=$2; shift 2
  for _ in $(seq 1 "$count"); do "$@"; done   # warm-up
  local before; before=$(server_cpu_ms)
  for _ in $(seq 1 "$count"); do "$@"; done
  echo "$label: $(awk -v a="$before" -v b="$(server_cpu_ms)" -v n="$count" 'BEGIN {printf "%.2f", (b - a) / n}') ms of server CPU each ($count calls)"
}
get() { curl -s -o /dev/null "http://127.0.0.1:$PORT$1"; }
analyze_once() {
  curl -s -o /dev/null -H 'Content-Type: application/json' -d '{"text": "a thoroughly enjoyable film"}' "http://127.0.0.1:$PORT/api/analyze"
}
idle_cpu() { local before; before=$(server_cpu_ms); sleep 15; echo "idle: $(awk -v a="$before" -v b="$(server_cpu_ms)" 'BEGIN {printf "%.2f", (b - a) / 5}') ms of server CPU per 3 s"; }
idle_cpu
for path in /api/performance /api/model-info /api/models /console/console.js; do per_call_cpu "GET $path" 300 get "$path"; done
per_call_cpu "single-text analysis" 300 analyze_once
[ "$PAIRS" -gt 0 ] || exit 0

echo "warm-up ${WARMUP_SECONDS}s"
load "$WARMUP_SECONDS" "$OUT/warmup.json"
browser_cpu() { ps -o times= -s "$BROWSER_PID" 2> /dev/null | awk '{s += $1} END {print s + 0}'; }
for pair in $(seq 1 "$PAIRS"); do
  for page in off browser poll; do
    extra=
    if [ "$page" = browser ]; then
      # a session of its own, so the browser and every process it starts can be measured and stopped together
      profile=$(mktemp -d)
      setsid chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
        --window-size=1280,1000 --remote-debugging-port=0 "http://127.0.0.1:$PORT/#service" > "$OUT/chromium.log" 2>&1 &
      BROWSER_PID=$!
      sleep 10   # past the browser's start-up: the page is up and polling before the run starts
      cpu_before=$(browser_cpu)
    elif [ "$page" = poll ]; then
      # the page's requests without a browser on this machine: what the server pays when the console runs elsewhere
      # (as console.js polls: /api/performance every 3 s, /api/model-info every 5th time, /api/models every 10th)
      ( i=0; while true; do
          get /api/performance
          [ $((i % 5)) -eq 0 ] && get /api/model-info
          [ $((i % 10)) -eq 0 ] && get /api/models
          i=$((i + 1)); sleep 3
        done ) &
      POLLER_PID=$!
    fi
    before=$(polls)
    load "$RUN_SECONDS" "$OUT/page-$page-$pair.json"
    [ "$page" = browser ] && extra=" browser_cpu_s=$(( $(browser_cpu) - cpu_before ))"
    echo "page $page, pair $pair: $(cat "$OUT/page-$page-$pair.json") polls=$(( $(polls) - before ))$extra load=$(cut -d' ' -f1-3 /proc/loadavg)"
    if [ "$page" = browser ]; then
      kill -- -"$BROWSER_PID" 2> /dev/null || true; wait "$BROWSER_PID" 2> /dev/null || true; BROWSER_PID=
      sleep 1; rm -rf "$profile"
    elif [ "$page" = poll ]; then
      kill "$POLLER_PID"; wait "$POLLER_PID" 2> /dev/null || true
    fi
  done
done

python3 - "$OUT" "$PAIRS" << 'EOF'
import json, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
rate = {p: [] for p in ("off", "browser", "poll")}
for p in rate:
    for i in range(1, pairs + 1):
        r = json.load(open(f"{out}/page-{p}-{i}.json"))
        rate[p].append(r["requests"] / r["seconds"])
off = statistics.median(rate["off"])
for p, what in (("off", "no page"), ("browser", "page in Chromium on this host"), ("poll", "the page's requests, no browser")):
    m = statistics.median(rate[p])
    print(f"{what:32s} requests/s {[round(x, 1) for x in rate[p]]} median {m:.1f} ratio to no page {m / off:.3f}")
EOF
