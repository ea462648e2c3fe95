#!/usr/bin/env bash
# One text alone through ONNX Runtime with 1 thread and with every core's threads (spinning and not), every SST-2
# dev sentence through each setting in turn (io.sentio.bench.LoneText): does a quiet service gain from the idle
# cores? ORT_VERSION measures another ONNX Runtime Java release from Maven Central in place of the project's.
#
# Usage: bash bench/lone-text.sh [rounds]     (default 3)   MODEL=models/sentiment-e5-small  ORT_VERSION=1.28.0
# Writes bench/results/lone-text-<ONNX Runtime version>.json.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MODEL=${MODEL:-models/sentiment-e5-small}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
mkdir -p bench/results
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=bench/results/classpath.txt
classpath=$(cat bench/results/classpath.txt)
version=$(grep -o 'onnxruntime/[0-9.]*/' <<< "$classpath" | head -1 | cut -d/ -f2)
if [ -n "${ORT_VERSION:-}" ] && [ "$ORT_VERSION" != "$version" ]; then
  mvn -q -B dependency:get -Dartifact="com.microsoft.onnxruntime:onnxruntime:$ORT_VERSION"
  classpath=${classpath//onnxruntime\/$version\/onnxruntime-$version.jar/onnxruntime\/$ORT_VERSION\/onnxruntime-$ORT_VERSION.jar}
  version=$ORT_VERSION
fi
echo "ONNX Runtime $version"
java -Dai.djl.offline=true -cp "target/test-classes:target/classes:$classpath" io.sentio.bench.LoneText \
  "$MODEL" "$DATA" "bench/results/lone-text-$version.json" "$ROUNDS" 2>&1 | grep -E '^round'
