#!/usr/bin/env bash
# The long fuzz run of the HTTP API (FuzzIT runs 2,000 cases of the same generator in mvn verify).
#   bash bench/fuzz.sh [cases] [seed] [clients]   (default 200000 cases, seed from the clock, 4 clients at once)
# Starts its own server (server-config/payara-micro.sh) on PORT (default 18096), sends the cases one after
# another, then checks /health/ready; writes bench/results/fuzz.json and exits non-zero on any answer >= 500,
# any error answer that is not problem+json, or a server no longer ready.
set -euo pipefail
cd "$(dirname "$0")/.."
CASES=${1:-200000}
SEED=${2:-$(date +%s)}
CLIENTS=${3:-4}
PORT=${PORT:-18096}
OUT=bench/results
mkdir -p "$OUT"
mvn -q -B package -DskipTests
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/classpath.txt"
PAYARA=$(bash bench/payara-jar.sh)
source bench/lib.sh
start_sentio "$OUT/payara-fuzz.log" MODELS_DIR="$PWD/models"
wait_ready "http://127.0.0.1:$PORT/health/ready"
java -cp "target/test-classes:target/classes:$(cat "$OUT/classpath.txt")" io.sentio.it.HttpFuzz \
  "http://127.0.0.1:$PORT/" "$CASES" "$SEED" "$OUT/fuzz.json" "$CLIENTS"
echo "server log: $(grep -c . "$OUT/payara-fuzz.log") non-empty lines, $(grep -c 'SEVERE' "$OUT/payara-fuzz.log" || true) SEVERE"
