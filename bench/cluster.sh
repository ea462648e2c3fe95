#!/usr/bin/env bash
# A Sentio cluster on this machine: N Payara Micro instances forming one Payara cluster on loopback (the result
# cache shared through its Hazelcast JCache) behind nginx as the balancer.
#
#   bash bench/cluster.sh start [N]     N instances (default 2) on ports BASE+1..BASE+N, nginx on BASE (8080)
#   bash bench/cluster.sh stop          SIGTERM to every instance (graceful shutdown), then nginx
#   bash bench/cluster.sh status        each instance's readiness, and the cluster's members
#
# Environment: BASE (8080), CLUSTER (the Payara cluster's name, default sentio-$USER), JAVA_OPTS (-Xmx1g),
# HEARTBEAT_SECONDS (30: Hazelcast's hazelcast.max.no.heartbeat.seconds), any
# Sentio setting (they reach every instance), WAR (target/sentio.war, built if missing), RUN_DIR
# (bench/results/cluster: logs, pid files, nginx.conf). Needs nginx (apt-get install nginx, installed if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-8080}
RUN_DIR=${RUN_DIR:-$PWD/bench/results/cluster}
WAR=${WAR:-$PWD/target/sentio.war}
export SENTIO_CLUSTER=${CLUSTER:-sentio-${USER:-$(id -un)}}
mkdir -p "$RUN_DIR"

ready() { curl -fs -o /dev/null --max-time 2 "http://127.0.0.1:$1/health/ready"; }

start() {
  local n=${1:-2} payara i port models=${MODELS_DIR:-$PWD/models} script=$PWD/server-config/payara-micro.sh
  command -v nginx > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx > /dev/null; }
  [ -f "$WAR" ] || mvn -q -B package -DskipTests
  payara=$(bash bench/payara-jar.sh)
  : > "$RUN_DIR/upstreams"
  for i in $(seq 1 "$n"); do
    port=$((BASE + i))
    # every member reads the same models, so a remembered answer is the same wherever it was computed;
    # a member that stops answering heartbeats is dropped after HEARTBEAT_SECONDS, 30 (Hazelcast's default: 60). A
    # killed one goes at once (its port refuses the others' connections); with 5 s, members whose heartbeats two
    # saturated cores held back for 5-10 s were dropped, and the cache stopped being shared until they merged again
    (cd "$RUN_DIR"
     MODELS_DIR=$models SENTIO_CLUSTER_SIZE=$((n > 8 ? n : 8)) \
       JAVA_OPTS="${JAVA_OPTS:--Xmx1g} -Dhazelcast.max.no.heartbeat.seconds=${HEARTBEAT_SECONDS:-30}" \
       nohup bash "$script" "$payara" "$WAR" "$port" > "instance-$i.log" 2>&1 &
     echo $! > "instance-$i.pid")
    echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;" >> "$RUN_DIR/upstreams"
  done
  for i in $(seq 1 "$n"); do
    port=$((BASE + i))
    for _ in $(seq 1 180); do ready "$port" && break; sleep 1; done
    ready "$port" || { echo "instance $i (port $port) not ready in 180 s: $RUN_DIR/instance-$i.log" >&2; exit 1; }
  done
  sed -e "/@UPSTREAMS@/{r $RUN_DIR/upstreams" -e "d}" -e "s|@PORT@|$BASE|" -e "s|@RUN_DIR@|$RUN_DIR|g" \
    bench/cluster-nginx.conf > "$RUN_DIR/nginx.conf"
  nginx -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR"
  for _ in $(seq 1 20); do ready "$BASE" && break; sleep 0.5; done
  echo "cluster $SENTIO_CLUSTER: $n instances on ports $((BASE + 1))-$((BASE + n)), nginx on $BASE"
}

stop() {
  local pid_file pid
  [ -f "$RUN_DIR/nginx.pid" ] && nginx -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -s quit 2> /dev/null || true
  for pid_file in "$RUN_DIR"/instance-*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    kill -TERM "$pid" 2> /dev/null || true
  done
  for pid_file in "$RUN_DIR"/instance-*.pid; do
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    # the graceful shutdown takes up to SHUTDOWN_GRACE (20 s) and the engines' stop
    for _ in $(seq 1 60); do kill -0 "$pid" 2> /dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2> /dev/null || true
    rm -f "$pid_file"
  done
  echo "cluster stopped"
}

status() {
  local pid_file i port
  for pid_file in "$RUN_DIR"/instance-*.pid; do
    [ -f "$pid_file" ] || continue
    i=${pid_file##*instance-}; i=${i%.pid}
    port=$((BASE + i))
    if ready "$port"; then echo "instance $i (port $port, pid $(cat "$pid_file")): ready"
    else echo "instance $i (port $port, pid $(cat "$pid_file")): not ready"; fi
  done
  ready "$BASE" && echo "nginx (port $BASE): answering" || echo "nginx (port $BASE): not answering"
}

case "${1:-}" in
  start) start "${2:-2}" ;;
  stop) stop ;;
  status) status ;;
  *) sed -n '2,11p' "$0" >&2; exit 2 ;;
esac
