# Shared by the bench scripts: source it from the repository root after setting PORT, PAYARA and OUT.

BENCH_PIDS=()
trap 'kill "${BENCH_PIDS[@]}" 2>/dev/null || true' EXIT

# background_process PID: killed when the script exits
background_process() {
  BENCH_PIDS+=("$1")
}

# start_sentio LOG [VAR=value...]: target/sentio.war on Payara Micro ($PAYARA) on $PORT, with JAVA_OPTS=-Xmx1g and
# that environment, in the background; SERVER_PID is its process
start_sentio() {
  local log=$1
  shift
  env JAVA_OPTS=-Xmx1g "$@" bash server-config/payara-micro.sh "$PAYARA" target/sentio.war "$PORT" \
    > "$log" 2>&1 &
  SERVER_PID=$!
  background_process "$SERVER_PID"
}

# wait_ready URL...: until each URL answers a GET with 2xx, 180 s at most in all; fails if one never does
wait_ready() {
  local deadline=$((SECONDS + 180)) url
  for url in "$@"; do
    until curl -fs -o /dev/null "$url"; do
      ((SECONDS < deadline)) || { echo "$url did not answer within 180 s" >&2; return 1; }
      sleep 1
    done
  done
}

# wrk_run PORT CONNECTIONS SECONDS [VAR=value...]: single-text requests of $OUT/sentences.txt to 127.0.0.1:PORT
# (bench/analyze.lua; the assignments go to it, e.g. MODELS=name); prints analyze.lua's JSON line
wrk_run() {
  local port=$1 connections=$2 seconds=$3
  shift 3
  env SENTENCES="$OUT/sentences.txt" "$@" wrk -t1 -c"$connections" -d"${seconds}s" --timeout 60s \
    -s bench/analyze.lua "http://127.0.0.1:$port" | tail -1
}
