"""Checks that the PyTorch BERT reproduces the ONNX encoder's last_hidden_state."""
import sys

import numpy as np
import torch

from bert import BertClassifier, load_onnx_encoder
import onnx_eval
from wordpiece import WordPiece


def verify(onnx_path, tokenizer_path, layers, tolerance=1e-3):
    tok = WordPiece(tokenizer_path)
    texts = ["a gripping , beautifully acted film .", "the plot is thin and the jokes fall flat",
             "Ünïcödé – naïve café ☕ résumé"]
    encoded = [tok.encode(t, 128) for t in texts]
    width = max(map(len, encoded))
    ids = np.array([e + [0] * (width - len(e)) for e in encoded], dtype=np.int64)
    mask = (ids != 0).astype(np.int64)
    types = np.zeros_like(ids)
    expected = onnx_eval.run(onnx_path, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
    model = load_onnx_encoder(BertClassifier(layers=layers), onnx_path).eval()
    with torch.no_grad():
        got = model.encode(torch.from_numpy(ids), torch.from_numpy(mask), torch.from_numpy(types)).numpy()
    real = mask.astype(bool)
    diff = float(np.abs(got[real] - expected[real]).max())
    print(f"encoder parity: max |torch - onnx| over {int(real.sum())} real tokens = {diff:.2e}")
    if diff > tolerance:
        sys.exit(f"PyTorch encoder does not reproduce {onnx_path} (max diff {diff} > {tolerance})")
    return diff


if __name__ == "__main__":
    verify(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 12)
