#!/usr/bin/env bash
# How Sentio runs on Open Liberty, the non-Payara server it is tested on (mvn -Popenliberty verify):
#
#   bash server-config/openliberty/run.sh WLP_DIR SENTIO_WAR PORT
#
# WLP_DIR is an unpacked Open Liberty runtime (io.openliberty:openliberty-runtime, which the openliberty
# profile unpacks into target/). Each port gets its own server (sentio-PORT) under WLP_USER_DIR (default:
# WLP_DIR/usr). Environment: JAVA (default: java on the PATH), JAVA_OPTS, SENTIO_HOST (default 127.0.0.1),
# and any Sentio setting (MODELS_DIR, ADMIN_TOKEN, ...), which MicroProfile Config reads from the environment.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 WLP_DIR SENTIO_WAR PORT" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
wlp=$(cd "$1" && pwd) war=$(cd "$(dirname "$2")" && pwd)/$(basename "$2") port=$3
export WLP_USER_DIR=${WLP_USER_DIR:-$wlp/usr}
server=sentio-$port
dir=$WLP_USER_DIR/servers/$server
rm -rf "$dir"
mkdir -p "$dir"
cp "$here/server.xml" "$here/sentio.xml" "$dir/"
cat > "$dir/bootstrap.properties" <<PROPERTIES
sentio.host=${SENTIO_HOST:-127.0.0.1}
sentio.port=$port
sentio.war=$war
PROPERTIES
# one JVM option a line; the same options as on Payara Micro (server-config/payara-micro.sh)
{
  echo "-Dai.djl.offline=true"
  for option in ${JAVA_OPTS:-}; do echo "$option"; done
} > "$dir/jvm.options"
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
if [ -n "${JAVA:-}" ]; then
  JAVA_HOME=$(cd "$(dirname "$JAVA")/.." && pwd)
  export JAVA_HOME
fi
exec "$wlp/bin/server" run "$server"
