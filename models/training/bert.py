"""A BERT encoder with a sequence-classification head, loadable from an exported ONNX encoder."""
import math

import numpy as np
import onnx
import torch
from onnx import numpy_helper
from torch import nn


class Layer(nn.Module):
    def __init__(self, hidden, heads, intermediate, dropout):
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)
        self.attn_out = nn.Linear(hidden, hidden)
        self.attn_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.inter = nn.Linear(hidden, intermediate)
        self.out = nn.Linear(intermediate, hidden)
        self.out_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, mask_bias):
        b, t, h = x.shape
        d = h // self.heads

        def split(y):
            return y.view(b, t, self.heads, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + mask_bias
        ctx = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, h)
        x = self.attn_norm(x + self.drop(self.attn_out(ctx)))
        y = self.out(nn.functional.gelu(self.inter(x)))
        return self.out_norm(x + self.drop(y))


class BertClassifier(nn.Module):
    def __init__(self, vocab=30522, hidden=384, layers=12, heads=12, intermediate=1536,
                 max_positions=512, labels=2, dropout=0.1):
        super().__init__()
        self.word = nn.Embedding(vocab, hidden)
        self.position = nn.Embedding(max_positions, hidden)
        self.token_type = nn.Embedding(2, hidden)
        self.emb_norm = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList(Layer(hidden, heads, intermediate, dropout) for _ in range(layers))
        self.pooler = nn.Linear(hidden, hidden)
        self.classifier = nn.Linear(hidden, labels)

    def encode(self, input_ids, attention_mask, token_type_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids)
        x = self.drop(self.emb_norm(x))
        mask_bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, mask_bias)
        return x

    def forward(self, input_ids, attention_mask, token_type_ids):
        cls = self.encode(input_ids, attention_mask, token_type_ids)[:, 0]
        pooled = torch.tanh(self.pooler(self.drop(cls)))
        return self.classifier(self.drop(pooled))


def load_onnx_encoder(model, path):
    """Copies the weights of a Hugging Face BERT encoder exported to ONNX into `model`."""
    graph = onnx.load(path).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    # Linear weights are anonymous initializers; find them through the MatMul node that uses them.
    matmul_weight = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in init:
            matmul_weight[node.name.rsplit("/", 1)[0].strip("/").replace("/", ".")] = init[node.input[1]]

    def put(param, array):
        array = np.array(array, dtype=np.float32, copy=True)
        if tuple(param.shape) != array.shape:
            raise ValueError(f"shape mismatch {tuple(param.shape)} vs {array.shape}")
        with torch.no_grad():
            param.copy_(torch.from_numpy(array))

    put(model.word.weight, init["embeddings.word_embeddings.weight"])
    put(model.position.weight, init["embeddings.position_embeddings.weight"])
    put(model.token_type.weight, init["embeddings.token_type_embeddings.weight"])
    put(model.emb_norm.weight, init["embeddings.LayerNorm.weight"])
    put(model.emb_norm.bias, init["embeddings.LayerNorm.bias"])
    for i, layer in enumerate(model.layers):
        p = f"encoder.layer.{i}."
        for module, name in ((layer.query, "attention.self.query"), (layer.key, "attention.self.key"),
                             (layer.value, "attention.self.value"), (layer.attn_out, "attention.output.dense"),
                             (layer.inter, "intermediate.dense"), (layer.out, "output.dense")):
            put(module.weight, matmul_weight[p + name].T)
            put(module.bias, init[p + name + ".bias"])
        put(layer.attn_norm.weight, init[p + "attention.output.LayerNorm.weight"])
        put(layer.attn_norm.bias, init[p + "attention.output.LayerNorm.bias"])
        put(layer.out_norm.weight, init[p + "output.LayerNorm.weight"])
        put(layer.out_norm.bias, init[p + "output.LayerNorm.bias"])
    return model
