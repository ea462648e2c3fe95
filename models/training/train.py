"""Fine-tunes a BERT encoder (from ONNX) for sequence classification; keeps the best dev checkpoint."""
import argparse
import json
import random
import time

import numpy as np
import torch

from bert import BertClassifier, load_onnx_encoder
from wordpiece import WordPiece


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for line in f:
            label, text = line.rstrip("\n").split("\t", 1)
            rows.append((text, int(label)))
    return rows


def collate(batch):
    width = max(len(ids) for ids, _ in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    for i, (seq, _) in enumerate(batch):
        ids[i, : len(seq)] = torch.tensor(seq)
    mask = (ids != 0).long()
    labels = torch.tensor([label for _, label in batch])
    return ids, mask, torch.zeros_like(ids), labels


def sortish_batches(data, batch_size, rng):
    """Shuffled batches of similar length: little padding, still random order."""
    order = list(range(len(data)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start:start + chunk], key=lambda i: len(data[i][0]))
        batches.extend(part[i:i + batch_size] for i in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def evaluate(model, data, batch_size=64):
    model.eval()
    correct = 0
    with torch.no_grad():
        for start in range(0, len(data), batch_size):
            ids, mask, types, labels = collate(data[start:start + batch_size])
            correct += int((model(ids, mask, types).argmax(-1) == labels).sum())
    model.train()
    return correct / len(data)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--encoder", required=True)
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--train", required=True)
    p.add_argument("--dev", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--epochs", type=float, default=2.0)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--warmup", type=float, default=0.06)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--eval-every", type=int, default=500)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    rng = random.Random(a.seed)
    tok = WordPiece(a.tokenizer)
    train = [(tok.encode(t, a.max_length), y) for t, y in read_tsv(a.train)]
    dev = [(tok.encode(t, a.max_length), y) for t, y in read_tsv(a.dev)]
    model = load_onnx_encoder(BertClassifier(layers=a.layers), a.encoder)

    no_decay = [p for n, p in model.named_parameters() if "norm" in n or n.endswith("bias")]
    decay = [p for n, p in model.named_parameters() if not ("norm" in n or n.endswith("bias"))]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": a.weight_decay},
                                   {"params": no_decay, "weight_decay": 0.0}], lr=a.lr)
    steps_per_epoch = (len(train) + a.batch_size - 1) // a.batch_size
    total = int(steps_per_epoch * a.epochs)
    warmup = int(total * a.warmup)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: s / max(1, warmup) if s < warmup else max(0.0, (total - s) / max(1, total - warmup)))

    history, best, step, started = [], -1.0, 0, time.time()
    model.train()
    while step < total:
        for batch in sortish_batches(train, a.batch_size, rng):
            ids, mask, types, labels = collate([train[i] for i in batch])
            loss = torch.nn.functional.cross_entropy(model(ids, mask, types), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{total} loss {loss.item():.4f} {time.time() - started:.0f}s", flush=True)
            if step % a.eval_every == 0 or step == total:
                acc = evaluate(model, dev)
                history.append({"step": step, "dev_accuracy": acc, "seconds": round(time.time() - started)})
                print(f"step {step}: dev accuracy {acc:.4f}", flush=True)
                if acc > best:
                    best = acc
                    torch.save(model.state_dict(), f"{a.out}/best.pt")
            if step >= total:
                break
    with open(f"{a.out}/training.json", "w") as f:
        json.dump({"args": vars(a), "best_dev_accuracy": best, "history": history,
                   "train_seconds": round(time.time() - started), "torch": torch.__version__}, f, indent=2)
    print(f"best dev accuracy {best:.4f}")


if __name__ == "__main__":
    main()
