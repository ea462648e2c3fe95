#!/usr/bin/env bash
# The int8 forms of one model side by side, in one process: the engine's ceiling (no HTTP; length-sorted batches
# of 32, one single-threaded run per core, as the service runs) and a single text's run, for the shipped form
# (per-token-cls) and the forms models/training/requantize.py rewrites from the same weights: per-token (shipped
# before, every row of the last layer), per-token-elementwise (shipped first), nbits (MatMulNBits) and per-tensor
# (what onnxruntime.quantization.quantize_dynamic users get: batch-dependent, the speed reference). Every batch runs
# through every form in turn (io.sentio.bench.InterleavedForms), so this machine's drift hits all of them alike;
# the table shows the median of the rounds and of the rounds' ratios.
#
# Usage: bash bench/int8-forms.sh [rounds]     (default 8, about 2 minutes; needs Debian's python3-onnx,
#                                               installed if missing)
#   MODEL=models/sst2-bge-small   another model folder
#   ORT_VERSIONS="1.24.1 1.22.0"   ONNX Runtime Java versions to compare (default: the pom's), one process each
# Writes bench/results/int8-forms/ (the form folders, one JSON per version) and bench/results/int8-forms.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${1:-8}
MODEL=${MODEL:-models/sentiment-e5-small}
DATA=${SST2_DEV:-../shared/data/sst2/dev.tsv}
OUT=bench/results/int8-forms
rm -rf "$OUT" && mkdir -p "$OUT"

dpkg-query -W -f='${Status}' python3-onnx 2>/dev/null | grep -q "ok installed" \
  || { apt-get update -qq && apt-get install -y -qq python3-onnx; }
pom_version=$(mvn -q -B help:evaluate -Dexpression=onnxruntime.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
versions=${ORT_VERSIONS:-$pom_version}
mvn -q -B test-compile

forms=(per-token-cls per-token per-token-elementwise nbits per-tensor)
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
folders=()
for form in "${forms[@]}"; do folders+=("$OUT/model-$form"); done
for version in $versions; do
  echo "== ONNX Runtime $version, $ROUNDS rounds"
  java -Dai.djl.offline=true -cp "target/test-classes:target/classes:$(cat "$OUT/classpath-$version.txt")" \
      io.sentio.bench.InterleavedForms "$OUT/forms-$version.json" "$DATA" "$ROUNDS" "${folders[@]}" 2>&1 \
      | grep -E '^(round|model-)'
done

python3 - "$OUT" $versions <<'EOF'
import json, statistics, sys
out, versions = sys.argv[1], sys.argv[2:]
rows = ["| ONNX Runtime | int8 form | engine texts/s, sorted batches of 32 (median of rounds, range) "
        "| vs per-token-elementwise (median of the rounds' ratios) | vs per-tensor | single text, the run alone, median ms |",
        "|---|---|---|---|---|---|"]
for version in versions:
    forms = {f["form"].removeprefix("model-"): f for f in json.load(open(f"{out}/forms-{version}.json"))["forms"]}

    def ratio(form, other):
        return statistics.median(a / b for a, b in zip(forms[form]["texts_per_second"], forms[other]["texts_per_second"]))

    for name, f in forms.items():
        runs = f["texts_per_second"]
        rows.append(f"| {version} | {name} | {statistics.median(runs):.1f} ({min(runs):.1f}-{max(runs):.1f}) "
                    f"| {ratio(name, 'per-token-elementwise'):.2f}x | {ratio(name, 'per-tensor'):.2f}x "
                    f"| {f['single_run_ms']:.2f} |")
table = "\n".join(rows) + "\n"
open(f"{out}.md", "w").write(table)
print(table)
EOF
