#!/usr/bin/env bash
# How Sentio's Payara Micro is launched, stated once: the run profile (mvn -Prun), the Docker image and the
# benchmarks start the server through this script; the integration tests' Arquillian containers give Payara Micro
# the same options (src/test/resources/arquillian.xml).
#
#   bash server-config/payara-micro.sh PAYARA_MICRO_JAR SENTIO_WAR PORT [more Payara Micro options]
#
# Environment: JAVA (default: java on the PATH), JAVA_OPTS (JVM options, e.g. -Xmx1g), and any Sentio
# setting (MODELS_DIR, ADMIN_TOKEN, ...). The Payara Micro version is the pom's property payara.version.
#
# Alone by default (--nocluster). With SENTIO_CLUSTER=NAME the instance joins the Payara cluster NAME instead:
# Hazelcast's members found over TCP on loopback only (SENTIO_CLUSTER_SIZE members at most, default 8, on ports
# from SENTIO_CLUSTER_PORT, default 5900), backups kept on other members although they share this host, and the
# result cache shared through its JCache (bench/cluster.sh starts such a group behind nginx).
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 PAYARA_MICRO_JAR SENTIO_WAR PORT [payara-micro options]" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
jar=$1 war=$2 port=$3
shift 3
# fewer glibc arenas: native memory freed by an unloaded model is reused instead of stranded (README, Memory)
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
cluster=(--nocluster)
if [ -n "${SENTIO_CLUSTER:-}" ]; then
  first=${SENTIO_CLUSTER_PORT:-5900} count=${SENTIO_CLUSTER_SIZE:-8}
  members=$(seq -s, -f "127.0.0.1:%g" "$first" $((first + count - 1)))
  # every member on this host: host-aware partitioning (Payara's default) would keep no backups at all, and a
  # member's death would lose its part of the shared result cache
  cluster=(--clustername "$SENTIO_CLUSTER" --clustermode "tcpip:$members" --interfaces 127.0.0.1
           --startport "$first" --nohostaware)
fi
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec "${JAVA:-java}" ${JAVA_OPTS:-} -Dai.djl.offline=true -jar "$jar" --deploy "$war" --contextroot / \
  --port "$port" "${cluster[@]}" --prebootcommandfile "$here/pre-boot-commands.asadmin" "$@"
