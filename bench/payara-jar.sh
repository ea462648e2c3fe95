#!/usr/bin/env bash
# Prints the path of the Payara Micro jar of the pom's payara.version, fetching it into the local Maven
# repository if needed. Used by the benchmark scripts; the version is stated only in the pom.
set -euo pipefail
cd "$(dirname "$0")/.."
strip() { sed "s/\x1b\[[0-9;]*m//g"; }
version=$(mvn -q -B help:evaluate -Dexpression=payara.version -DforceStdout | strip)
repo=$(mvn -q -B help:evaluate -Dexpression=settings.localRepository -DforceStdout | strip)
jar="$repo/fish/payara/extras/payara-micro/$version/payara-micro-$version.jar"
[ -f "$jar" ] || mvn -q -B dependency:get -Dartifact="fish.payara.extras:payara-micro:$version" > /dev/null
echo "$jar"
