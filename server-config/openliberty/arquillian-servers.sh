#!/usr/bin/env bash
# The integration tests' Open Liberty servers (mvn -Popenliberty verify), one per container of ARQUILLIAN_XML:
#
#   bash server-config/openliberty/arquillian-servers.sh ARQUILLIAN_XML WLP_USER_DIR SETTINGS_DIR
#
# For each container (its serverName and its -Dsentio.it.settings=NAME), a server folder WLP_USER_DIR/servers/NAME
# with a server.xml that includes sentio.xml and the local connector Arquillian's adapter finds the server by, a free
# loopback port (bootstrap.properties; the adapter reads it back from the server), and the Sentio settings of
# SETTINGS_DIR/NAME.properties as -D lines of jvm.options, which the server reads when it starts.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 ARQUILLIAN_XML WLP_USER_DIR SETTINGS_DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
xml=$1 usr=$2 settings=$3
mapfile -t servers < <(grep -o '"serverName">[^<]*' "$xml" | cut -d'>' -f2)
mapfile -t files < <(grep -o 'sentio\.it\.settings=[A-Za-z0-9_-]*' "$xml" | cut -d= -f2)
if [ ${#servers[@]} -ne ${#files[@]} ]; then
  echo "$xml: ${#servers[@]} servers but ${#files[@]} settings names" >&2
  exit 1
fi

# a loopback port nothing listens on now, and none given to another server here (the caller records it in taken:
# this runs in a subshell)
taken=()
free_port() {
  local port
  while true; do
    port=$((10000 + RANDOM % 10000)) # below the build's reserved ports (pom) and the ephemeral range
    if [[ " ${taken[*]} " != *" $port "* ]] && ! (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then
      echo "$port"
      return
    fi
  done
}

rm -rf "$usr/servers"
for i in "${!servers[@]}"; do
  dir=$usr/servers/${servers[$i]}
  mkdir -p "$dir"
  cat > "$dir/server.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<server description="Sentio integration tests: ${servers[$i]}">
    <include location="$here/sentio.xml"/>
    <featureManager>
        <feature>localConnector-1.0</feature>
    </featureManager>
</server>
XML
  port=$(free_port)
  taken+=("$port")
  printf 'sentio.host=127.0.0.1\nsentio.port=%s\n' "$port" > "$dir/bootstrap.properties"
  # one option a line; comments and blank lines of the settings file left out
  grep -v '^\s*\(#\|$\)' "$settings/${files[$i]}.properties" | sed 's/^/-D/' > "$dir/jvm.options" || true
  echo "${servers[$i]}: port $port, settings ${files[$i]} ($(wc -l < "$dir/jvm.options") keys)"
done
