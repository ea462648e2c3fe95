#!/usr/bin/env bash
# How Sentio's Payara Micro is launched, stated once: the run profile (mvn -Prun), the Docker image, the
# integration tests and the benchmarks all start the server through this script.
#
#   bash server-config/payara-micro.sh PAYARA_MICRO_JAR SENTIO_WAR PORT [more Payara Micro options]
#
# Environment: JAVA (default: java on the PATH), JAVA_OPTS (JVM options, e.g. -Xmx1g), and any Sentio
# setting (MODELS_DIR, ADMIN_TOKEN, ...). The Payara Micro version is the pom's property payara.version.
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
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec "${JAVA:-java}" ${JAVA_OPTS:-} -Dai.djl.offline=true -jar "$jar" --deploy "$war" --contextroot / \
  --port "$port" --nocluster --prebootcommandfile "$here/pre-boot-commands.asadmin" "$@"
