#!/usr/bin/env bash
# Evaluates a model folder with the Java inference core the server runs, then writes its model card.
#
#   bash models/training/evaluate-model.sh [sentiment-e5-small|sentiment-bge-small|sst2-bge-small|sst2-minilm-l6]
#
# Every variant (int8, float32, float16) on SST-2 dev, TweetEval dev and IMDB dev with the server's default
# long-text policy (head_tail); the int8 variant on IMDB dev also with head and chunk. Each evaluation writes
# models/training/work/<name>/eval-<domain>-<precision>-<policy>.json (accuracy, texts/s, batch check) and the
# predictions beside it; models/training/model_card.py turns them into models/<name>/README.md.
# About 20 minutes on 2 cores. DATA_DIR overrides the data folder (with sst2/, imdb/ and tweeteval/ inside).
set -euo pipefail

name=${1:-sentiment-e5-small}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$here/work/$name
data=${DATA_DIR:-$root/../shared/data}
out=$root/models/$name
mkdir -p "$work"
cd "$root"
mvn -B -q compile

evals=()
evaluate() {  # domain precision policy [more Evaluate options]
  local domain=$1 precision=$2 policy=$3
  shift 3
  local tag=$domain-$precision-$policy
  mvn -B -q exec:java -Dexec.args="$out $data/$domain/dev.tsv --precision $precision --truncation $policy $* \
--json $work/eval-$tag.json --predictions $work/pred-$tag.txt" | tee "$work/eval-$tag.log"
  evals+=("$work/eval-$tag.json")
}

for precision in int8 float32 float16; do
  # the batch check: each text alone and in a batch of 64 give the same scores
  evaluate sst2 "$precision" head_tail --batch-check 872
  evaluate tweeteval "$precision" head_tail
  evaluate imdb "$precision" head_tail
done
evaluate imdb int8 head --batch-check 256
evaluate imdb int8 chunk

/usr/bin/python3 "$here/model_card.py" "$out" "$work/training.json" "${evals[@]}"
