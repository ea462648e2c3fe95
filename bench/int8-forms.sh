#!/usr/bin/env bash
# The int8 forms of one model side by side, in one run: the engine's ceiling (in-process, no HTTP; length-sorted
# batches of 32, one single-threaded run per core, as the service runs) and its single-text latency, for the
# shipped form (per-token) and the forms models/training/requantize.py rewrites from the same weights:
# per-token-elementwise (shipped before), nbits (MatMulNBits) and per-tensor (what
# onnxruntime.quantization.quantize_dynamic users get: batch-dependent, the speed reference). Rounds
# alternate the forms, so drift of this machine's speed hits all of them alike; the table shows medians.
#
# Usage: bash bench/int8-forms.sh [rounds]     (default 3; needs Debian's python3-onnx, installed if missing)
#   MODEL=models/sst2-bge-small   another model folder
#   ORT_VERSIONS="1.24.1 1.22.0"   ONNX Runtime Java versions to compare (default: the pom's)
# Writes bench/results/int8-forms/ (one JSON per form, version and round) and bench/results/int8-forms.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-3}
MODEL=${MODEL:-models/sentiment-bge-small}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
OUT=bench/results/int8-forms
rm -rf "$OUT" && mkdir -p "$OUT"

dpkg-query -W -f='${Status}' python3-onnx 2>/dev/null | grep -q "ok installed" \
  || { apt-get update -qq && apt-get install -y -qq python3-onnx; }
pom_version=$(mvn -q -B help:evaluate -Dexpression=onnxruntime.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
versions=${ORT_VERSIONS:-$pom_version}
mvn -q -B test-compile

forms=(per-token per-token-elementwise nbits per-tensor)
for form in "${forms[@]}"; do  # a model folder per form: the shipped config and tokenizer, the rewritten graph
  dir=$OUT/model-$form
  mkdir -p "$dir"
  cp "$MODEL"/config.json "$MODEL"/tokenizer.json "$dir"/
  [ -f "$MODEL/symbol-words.tsv" ] && cp "$MODEL/symbol-words.tsv" "$dir"/
  python3 - "$dir/config.json" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
config["variants"] = {"int8": "model.onnx"}
json.dump(config, open(sys.argv[1], "w"), indent=2)
EOF
  /usr/bin/python3 models/training/requantize.py "$MODEL/model.onnx" "$dir/model.onnx" --form "$form"
done

for version in $versions; do
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Donnxruntime.version="$version" \
      -Dmdep.outputFile="$OUT/classpath-$version.txt"
done
for round in $(seq "$ROUNDS"); do
  for version in $versions; do
    for form in "${forms[@]}"; do
      echo "== round $round, ONNX Runtime $version, $form"
      java -Dai.djl.offline=true -Dquick=true -cp "target/test-classes:target/classes:$(cat "$OUT/classpath-$version.txt")" \
          io.sentio.bench.EngineCeiling "$OUT/model-$form" "$DATA" "$OUT/$form-$version-$round.json" 2>&1 \
          | grep -E '^(engine|core|single)'
    done
  done
done

python3 - "$OUT" "$ROUNDS" $versions <<'EOF'
import json, statistics, sys
out, rounds, versions = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
forms = ["per-token", "per-token-elementwise", "nbits", "per-tensor"]
rows = ["| ONNX Runtime | int8 form | engine texts/s, sorted batches of 32 (median) | runs | vs per-token-elementwise | vs per-tensor "
        "| single text through the core, median ms | the run alone, ms |", "|---|---|---|---|---|---|---|---|"]
for version in versions:
    figures = {}
    for form in forms:
        runs = [json.load(open(f"{out}/{form}-{version}-{r}.json")) for r in range(1, rounds + 1)]
        sorted32 = [next(x["texts_per_second"] for x in run["runs"] if x["mode"] == "length-sorted batches") for run in runs]
        single = [next(x for x in run["runs"] if x["mode"] == "single text latency") for run in runs]
        figures[form] = (statistics.median(sorted32), sorted32, statistics.median(s["ms"] for s in single),
                         statistics.median(s["run_only_ms"] for s in single))
    for form in forms:
        median, runs, single, run_only = figures[form]
        rows.append(f"| {version} | {form} | {median:.1f} | {', '.join(f'{r:.1f}' for r in runs)} "
                    f"| {median / figures['per-token-elementwise'][0]:.2f}x | {median / figures['per-tensor'][0]:.2f}x "
                    f"| {single:.2f} | {run_only:.2f} |")
table = "\n".join(rows) + "\n"
open(f"{out}.md", "w").write(table)
print(table)
EOF
