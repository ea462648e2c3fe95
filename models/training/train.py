"""Fine-tunes a BERT encoder (from ONNX) for sequence classification; keeps the best dev checkpoint."""
import argparse
import json
import os
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


def read_spec(spec, seed):
    """Rows of FILE, FILE:N (N rows drawn with the seed) or FILE:every=K (every K-th row)."""
    path, _, take = spec.partition(":")
    rows = read_tsv(path)
    if take.startswith("every="):
        return rows[::int(take[len("every="):])]
    if take:
        rows = random.Random(seed).sample(rows, int(take))
    return rows


def windows(tok, rows, max_length):
    """Token ids as the server's default policy (head_tail) reads each text: long reviews keep both ends."""
    return [(tok.head_tail(tok.tokens(text), max_length), label) for text, label in rows]


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
    p.add_argument("--train", action="append", required=True,
                   help="FILE, FILE:N (N rows drawn with the seed) or FILE:every=K; repeatable")
    p.add_argument("--dev", action="append", required=True,
                   help="NAME=FILE[:N|:every=K]; repeatable; the best checkpoint has the best mean accuracy")
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
    tok = WordPiece(a.tokenizer)
    train = [row for spec in a.train for row in windows(tok, read_spec(spec, a.seed), a.max_length)]
    devs = {name: windows(tok, read_spec(spec, a.seed), a.max_length)
            for name, spec in (d.split("=", 1) for d in a.dev)}
    print(f"{len(train)} training texts; dev sets: "
          + ", ".join(f"{name} {len(rows)}" for name, rows in devs.items()), flush=True)
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

    history, best, step, epoch, spent = [], -1.0, 0, 0, 0.0
    resume = f"{a.out}/last.pt"
    if os.path.exists(resume):  # an interrupted run goes on from its last evaluation, on the same batches
        state = torch.load(resume)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        schedule.load_state_dict(state["schedule"])
        torch.set_rng_state(state["torch_rng"])
        history, best, step, epoch, spent = (state[k] for k in ("history", "best", "step", "epoch", "seconds"))
        print(f"resuming at step {step} (epoch {epoch})", flush=True)
    started = time.time() - spent
    model.train()
    while step < total:
        # each epoch's batch order comes from the seed and the epoch alone, so a resumed run sees the same
        batches = sortish_batches(train, a.batch_size, random.Random(a.seed * 1000 + epoch))
        for batch in batches[step - epoch * steps_per_epoch:]:
            ids, mask, types, labels = collate([train[i] for i in batch])
            loss = torch.nn.functional.cross_entropy(model(ids, mask, types), labels)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            step += 1
            if step % 50 == 0:
                print(f"step {step}/{total} loss {loss.item():.4f} {time.time() - started:.0f}s", flush=True)
            if step % a.eval_every == 0 or step == total:
                accs = {name: evaluate(model, rows) for name, rows in devs.items()}
                acc = sum(accs.values()) / len(accs)
                history.append({"step": step, "dev_accuracy": acc, "dev": accs,
                                "seconds": round(time.time() - started)})
                print(f"step {step}: mean dev accuracy {acc:.4f} "
                      + " ".join(f"{name} {value:.4f}" for name, value in accs.items()), flush=True)
                if acc > best:
                    best = acc
                    torch.save(model.state_dict(), f"{a.out}/best.pt")
                torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(),
                            "schedule": schedule.state_dict(), "torch_rng": torch.get_rng_state(),
                            "history": history, "best": best, "step": step,
                            "epoch": step // steps_per_epoch, "seconds": time.time() - started}, resume)
            if step >= total:
                break
        epoch += 1
    with open(f"{a.out}/training.json", "w") as f:
        json.dump({"args": vars(a), "best_dev_accuracy": best, "history": history,
                   "train_seconds": round(time.time() - started), "torch": torch.__version__}, f, indent=2)
    print(f"best dev accuracy {best:.4f}")


if __name__ == "__main__":
    main()
