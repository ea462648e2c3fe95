"""Chooses a point on the straight line between a second stage's starting weights and its fine-tuned weights.

A second fine-tuning stage (train.py --init) learns the new data and forgets some of the old: here whole reviews
and tweets against SST-2 sentences. Averaging the two sets of weights, theta = (1 - a) * start + a * tuned, keeps
much of both (weight-space ensembling: Wortsman et al., "Robust fine-tuning of zero-shot models", CVPR 2022).
Each a of the grid is scored on the dev sets as train.py scores checkpoints; the best mean accuracy wins (a tie
goes to the larger a) and is saved as --out. The table is added to training.json as "interpolation".
"""
import argparse
import json

import torch

from bert import BertClassifier, load_exported
from train import evaluate, read_spec, windows
from wordpiece import WordPiece


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--start", required=True, help="the model the stage started from (an exported .onnx)")
    p.add_argument("--checkpoint", required=True, help="the stage's best.pt")
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--dev", action="append", required=True, help="NAME=FILE[:N|:every=K], as for train.py")
    p.add_argument("--alphas", default="0.5,0.6,0.7,0.8,0.9,1.0")
    p.add_argument("--training-json", required=True, help="train.py's training.json; the table is added to it")
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    tok = WordPiece(a.tokenizer)
    devs = {name: windows(tok, read_spec(spec, a.seed), a.max_length)
            for name, spec in (d.split("=", 1) for d in a.dev)}
    start = load_exported(BertClassifier(layers=a.layers), a.start).state_dict()
    tuned = torch.load(a.checkpoint, map_location="cpu")
    if start.keys() != tuned.keys():
        raise ValueError(f"{a.start} and {a.checkpoint} hold different weights")
    model = BertClassifier(layers=a.layers)
    table, best = [], None
    for alpha in (float(x) for x in a.alphas.split(",")):
        model.load_state_dict({k: (1 - alpha) * start[k] + alpha * tuned[k] for k in tuned})
        accs = {name: evaluate(model, rows) for name, rows in devs.items()}
        mean = sum(accs.values()) / len(accs)
        table.append({"alpha": alpha, "dev_accuracy": mean, "dev": accs})
        print(f"alpha {alpha:.2f}: mean dev accuracy {mean:.4f} "
              + " ".join(f"{name} {value:.4f}" for name, value in accs.items()), flush=True)
        if best is None or mean >= best["dev_accuracy"]:
            best = table[-1]
            torch.save(model.state_dict(), a.out)
    print(f"chose alpha {best['alpha']:.2f} (mean dev accuracy {best['dev_accuracy']:.4f})")
    with open(a.training_json) as f:
        training = json.load(f)
    training["interpolation"] = {"start": a.start, "chosen": best["alpha"], "table": table}
    with open(a.training_json, "w") as f:
        json.dump(training, f, indent=2)


if __name__ == "__main__":
    main()
