"""Exports a fine-tuned BertClassifier checkpoint as a model folder for the service.

The folder holds model.fp32.onnx (reference), model.onnx (int8), model.fp16.onnx (GPUs),
config.json and tokenizer.json. Every variant is checked with onnx_eval against PyTorch or fp32.
"""
import argparse
import json
import os
import sys
import warnings

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper, shape_inference

import onnx_eval
import requantize
from bert import BertClassifier
from wordpiece import WordPiece

INPUTS = ["input_ids", "attention_mask", "token_type_ids"]
OPSET = 14
SAMPLE_TEXTS = ["a gripping , beautifully acted film .", "the plot is thin and the jokes fall flat",
                "not bad at all", "Ünïcödé – naïve café ☕ résumé", "it 's a mess .",
                "one of the year 's best films , funny and sad at once ."]


def export_fp32(model, path):
    example = (torch.ones(2, 8, dtype=torch.long), torch.ones(2, 8, dtype=torch.long),
               torch.zeros(2, 8, dtype=torch.long))
    axes = {name: {0: "batch", 1: "sequence"} for name in INPUTS}
    axes["logits"] = {0: "batch"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", torch.jit.TracerWarning)  # sqrt(head size) is meant to be a constant
        torch.onnx.export(model, example, path, input_names=INPUTS, output_names=["logits"],
                          dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)


def _prune_initializers(graph):
    used = {i for node in graph.node for i in node.input} | {o.name for o in graph.output}
    kept = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)


def quantize_int8(model, weight_bits=7):
    """Int8 MatMuls for every MatMul by a 2-D weight initializer (the encoder's Linear layers).

    Weights: symmetric int8, one scale per output column. Activations: uint8 with zero point 128 and
    one scale per row (token), computed at run time. A row's scale depends on that row only, so a
    text's result does not depend on its batch neighbours (unlike DynamicQuantizeLinear). Written in
    the per-token-elementwise form; requantize.convert rewrites it to the shipped per-token-cls form.

    weight_bits=7 keeps weights in [-63, 63]: ONNX Runtime's uint8 x int8 kernel on x86 CPUs without
    VNNI (AVX2, AVX-512) adds pairs of products in saturating int16 (VPMADDUBSW), and 255 * 127 * 2
    overflows it; 255 * 63 * 2 does not. 8 is exact only on VNNI, ARM and GPU kernels.
    """
    weight_max = 2 ** (weight_bits - 1) - 1
    graph = model.graph
    weights = {t.name: t for t in graph.initializer}
    requantize.add_constants(graph)
    nodes, rows, quantized = [], {}, {}
    for node in graph.node:
        w = weights.get(node.input[1]) if node.op_type == "MatMul" else None
        if w is None or len(w.dims) != 2:
            nodes.append(node)
            continue
        x, y = node.input[0], node.output[0]
        if x not in rows:  # Q, K and V share their input and so its quantization
            chain, xq, xs = requantize.elementwise_quantize(x)
            nodes += chain
            rows[x] = (xq, xs)
        if w.name not in quantized:
            array = numpy_helper.to_array(w)
            scale = np.abs(array).max(axis=0) / weight_max
            scale[scale == 0] = 1
            graph.initializer.extend([
                numpy_helper.from_array(np.round(array / scale).astype(np.int8), f"{w.name}/int8"),
                numpy_helper.from_array(scale.astype(np.float32), f"{w.name}/scale")])
            quantized[w.name] = (f"{w.name}/int8", f"{w.name}/scale")
        nodes += requantize.elementwise_matmul(*rows[x], *quantized[w.name], y)
    del graph.node[:]
    graph.node.extend(_quantize_embedding_lookups(graph, nodes))
    _prune_initializers(graph)
    return model


def _quantize_embedding_lookups(graph, nodes, min_rows=1000):
    """Int8 vocabulary table (a third of the fp32 model's bytes): one scale per row (token), dequantized
    after the lookup. Rows are independent, so this keeps every text independent of its batch too."""
    weights = {t.name: t for t in graph.initializer}
    out = []
    for node in nodes:
        table = weights.get(node.input[0]) if node.op_type == "Gather" else None
        if table is None or len(table.dims) != 2 or table.dims[0] < min_rows:
            out.append(node)
            continue
        array = numpy_helper.to_array(table)
        scale = np.abs(array).max(axis=1, keepdims=True) / 127
        scale[scale == 0] = 1
        graph.initializer.extend([
            numpy_helper.from_array(np.round(array / scale).astype(np.int8), f"{table.name}/int8"),
            numpy_helper.from_array(scale.astype(np.float32), f"{table.name}/row_scale")])
        ids, y, p = node.input[1], node.output[0], f"{node.output[0]}/q8"
        out += [
            helper.make_node("Gather", [f"{table.name}/int8", ids], [f"{p}/int8"], axis=0),
            helper.make_node("Cast", [f"{p}/int8"], [f"{p}/float"], to=TensorProto.FLOAT),
            helper.make_node("Gather", [f"{table.name}/row_scale", ids], [f"{p}/scale"], axis=0),
            helper.make_node("Mul", [f"{p}/float", f"{p}/scale"], [y]),
        ]
    return out


def _layer_norm_statistics(graph):
    """Outputs of the nodes computing (x - mean(x)) / sqrt(var(x) + eps) in each exported LayerNorm."""
    producer = {o: n for n in graph.node for o in n.output}
    found = set()
    for div in graph.node:
        if div.op_type != "Div" or getattr(producer.get(div.input[1]), "op_type", None) != "Sqrt":
            continue
        x = producer[div.input[0]].input[0]  # Div(Sub(x, ReduceMean(x)), Sqrt(...))
        stack = [div]
        while stack:
            node = stack.pop()
            if node.output[0] not in found:
                found.add(node.output[0])
                stack.extend(producer[i] for i in node.input if i != x and i in producer)
    return found


def _attention_core(graph):
    """Outputs of the attention products (Q·Kᵀ, softmax, P·V) in each layer. Their sums run over the
    sequence, whose padded length depends on the batch; in float16 that changes a text's scores by
    up to ~1e-3, in float32 by nothing measurable, so they stay float32."""
    producer = {o: n for n in graph.node for o in n.output}
    weights = {t.name for t in graph.initializer}
    found = set()
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] not in weights and node.input[0] not in weights:
            found.add(node.output[0])
        if node.op_type == "Softmax":
            found.add(node.output[0])
            current = producer.get(node.input[0])
            while current is not None and current.op_type != "MatMul":  # the scale and the mask, back to Q·Kᵀ
                found.add(current.output[0])
                current = producer.get(current.input[0])
    return found


def convert_float16(model):
    """Float16 weights and compute; LayerNorm statistics stay float32 (eps 1e-12 underflows in
    float16 and squared activations can overflow it), and so do the attention products (see
    _attention_core); inputs stay int64, logits come out float32."""
    model = shape_inference.infer_shapes(model)
    graph = model.graph
    floats = {v.name for v in list(graph.value_info) + list(graph.input)
              if v.type.tensor_type.elem_type == TensorProto.FLOAT}
    weights = {t.name: t for t in graph.initializer if t.data_type == TensorProto.FLOAT}
    floats |= set(weights)
    for out in graph.output:  # the last node now writes float16 logits; a final Cast restores float32
        floats.add(f"{out.name}/fp16")
        for node in graph.node:
            node.output[:] = [f"{o}/fp16" if o == out.name else o for o in node.output]
    fp32_nodes = _layer_norm_statistics(graph) | _attention_core(graph)
    nodes, views, produced16 = [], {}, set()

    def view(name, to):
        """`name` as float16 or float32: a converted copy of a weight, else a Cast."""
        if (name, to) not in views:
            new = f"{name}/as_{'fp16' if to == TensorProto.FLOAT16 else 'fp32'}"
            if name in weights:
                array = numpy_helper.to_array(weights[name])
                dtype = np.float16 if to == TensorProto.FLOAT16 else np.float32
                graph.initializer.append(numpy_helper.from_array(array.astype(dtype), new))
            else:
                nodes.append(helper.make_node("Cast", [name], [new], to=to))
            views[name, to] = new
        return views[name, to]

    for node in graph.node:
        to = TensorProto.FLOAT if node.output[0] in fp32_nodes else TensorProto.FLOAT16
        for k, name in enumerate(node.input):
            have = TensorProto.FLOAT16 if name in produced16 else TensorProto.FLOAT
            if name in floats and have != to:
                node.input[k] = view(name, to)
        if to == TensorProto.FLOAT16:
            for attr in node.attribute:
                if node.op_type == "Cast" and attr.name == "to" and attr.i == TensorProto.FLOAT:
                    attr.i = TensorProto.FLOAT16
                elif attr.name == "value" and attr.t.data_type == TensorProto.FLOAT:
                    attr.t.CopyFrom(numpy_helper.from_array(numpy_helper.to_array(attr.t).astype(np.float16)))
            produced16.update(o for o in node.output if o in floats)
        nodes.append(node)
    nodes += [helper.make_node("Cast", [f"{o.name}/fp16"], [o.name], to=TensorProto.FLOAT) for o in graph.output]
    del graph.node[:]
    graph.node.extend(nodes)
    del graph.value_info[:]
    _prune_initializers(graph)
    return model


def _batch(tok, texts, max_length):
    encoded = [tok.encode(t, max_length) for t in texts]
    width = max(map(len, encoded))
    ids = np.full((len(texts), width), tok.pad, dtype=np.int64)
    mask = np.zeros_like(ids)
    for i, e in enumerate(encoded):
        ids[i, :len(e)], mask[i, :len(e)] = e, 1
    return {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}


def _logits(model, tok, texts, max_length, batch_size=16):
    out = []
    for start in range(0, len(texts), batch_size):
        feeds = _batch(tok, texts[start:start + batch_size], max_length)
        if isinstance(model, torch.nn.Module):
            with torch.no_grad():
                out.append(model(*(torch.from_numpy(feeds[n]) for n in INPUTS)).numpy())
        else:
            out.append(onnx_eval.run(model, feeds)[0])
    return np.concatenate(out)


def _softmax(x):
    e = np.exp(x - x.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def check(torch_model, variants, tok, texts, labels, max_length):
    """Prints how the variants agree with PyTorch / fp32; returns a list of failed checks."""
    failures = []
    expected = _logits(torch_model, tok, texts, max_length)
    reference = None
    for name, model in variants.items():
        logits = _logits(model, tok, texts, max_length)
        assert logits.dtype == np.float32 and logits.shape == expected.shape, (name, logits.dtype, logits.shape)
        if reference is None:
            reference = logits
            diff = float(np.abs(logits - expected).max())
            print(f"{name}: max |logits - torch| = {diff:.2e} over {len(texts)} texts")
            if diff > 1e-4:
                failures.append(f"{name} does not reproduce PyTorch (max logit diff {diff:.2e})")
        else:
            agree = float((logits.argmax(-1) == reference.argmax(-1)).mean())
            print(f"{name}: argmax agreement with fp32 {agree:.2%}, max |prob - fp32 prob| = "
                  f"{np.abs(_softmax(logits) - _softmax(reference)).max():.2e}, "
                  f"max |logit - fp32 logit| = {np.abs(logits - reference).max():.2e}")
            if agree < 0.98:
                failures.append(f"{name} disagrees with fp32 on {1 - agree:.1%} of texts")
        if labels is not None:
            print(f"{name}: accuracy {(logits.argmax(-1) == labels).mean():.4f}")
        # Each text alone must score as it does among 15 padded neighbours of other lengths.
        group = texts[:16]
        together = _logits(model, tok, group, max_length)
        alone = np.concatenate([_logits(model, tok, [t], max_length) for t in group])
        diff = float(np.abs(together - alone).max())
        lengths = [len(tok.encode(t, max_length)) for t in group]
        print(f"{name}: max |alone - in batch| = {diff:.2e} (batch of {len(group)}, {min(lengths)}-{max(lengths)} tokens)")
        if diff > 1e-5 and name != "fp16":  # float16 rounding is not expected to be batch-exact
            failures.append(f"{name} depends on the batch (max logit diff {diff:.2e})")
    return failures


def read_texts(path, limit):
    with open(path, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t", 1) for line in f][1:limit + 1]
    return [text for _, text in rows], np.array([int(label) for label, _ in rows])


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--checkpoint", required=True, help="best.pt written by train.py")
    p.add_argument("--tokenizer", required=True, help="tokenizer.json of the encoder")
    p.add_argument("--out", required=True, help="model folder to write")
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--labels", default="NEGATIVE,POSITIVE", help="class names in logit order")
    p.add_argument("--calibration", help="label<TAB>text TSV (with header) whose texts check the variants; "
                                         "nothing is calibrated, activation scales are computed per token at run time")
    p.add_argument("--samples", type=int, default=200, help="texts taken from --calibration")
    p.add_argument("--weight-bits", type=int, choices=(7, 8), default=7,
                   help="int8 weight range; 8 gives wrong sums in ONNX Runtime on x86 CPUs without VNNI")
    p.add_argument("--int8-form", choices=("per-token-cls", "per-token", "per-token-elementwise"),
                   default="per-token-cls",
                   help="how model.onnx quantizes activations, one scale per token in each (requantize.py): "
                        "QuantizeLinear + MatMulIntegerToFloat with the last layer computing the [CLS] rows only, "
                        "the same with every row, or the nine elementwise nodes shipped first (the same scores)")
    p.add_argument("--threads", type=int, default=1)
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    labels = a.labels.split(",")
    model = BertClassifier(layers=a.layers, labels=len(labels))
    model.load_state_dict(torch.load(a.checkpoint, map_location="cpu"))
    model.eval()
    os.makedirs(a.out, exist_ok=True)

    fp32_path = os.path.join(a.out, "model.fp32.onnx")
    export_fp32(model, fp32_path)
    int8 = quantize_int8(onnx.load(fp32_path), a.weight_bits)
    if a.int8_form != "per-token-elementwise":
        int8 = requantize.convert(int8, a.int8_form)
    variants = {"fp32": onnx.load(fp32_path),
                "int8": int8,
                "fp16": convert_float16(onnx.load(fp32_path))}
    for name, file in (("int8", "model.onnx"), ("fp16", "model.fp16.onnx")):
        onnx.save(variants[name], os.path.join(a.out, file))
    for name, variant in variants.items():
        onnx.checker.check_model(variant, full_check=True)  # also type-checks every node

    config = {
        "architectures": ["BertForSequenceClassification"],
        "model_type": "bert",
        "id2label": {str(i): label for i, label in enumerate(labels)},
        "label2id": {label: i for i, label in enumerate(labels)},
        "problem_type": "single_label_classification",
        "max_position_embeddings": model.position.num_embeddings,
        "max_length": a.max_length,
        "hidden_size": model.word.embedding_dim,
        "num_hidden_layers": a.layers,
        "num_attention_heads": model.layers[0].heads,
        "variants": {"int8": "model.onnx", "float16": "model.fp16.onnx", "float32": "model.fp32.onnx"},
    }
    with open(os.path.join(a.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
        f.write("\n")
    with open(a.tokenizer, encoding="utf-8") as f:
        tokenizer = json.load(f)
    tokenizer["truncation"] = {"direction": "Right", "max_length": a.max_length, "strategy": "LongestFirst", "stride": 0}
    tokenizer["padding"] = None
    with open(os.path.join(a.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, indent=2, ensure_ascii=False)

    texts, gold = read_texts(a.calibration, a.samples) if a.calibration else (SAMPLE_TEXTS, None)
    failures = check(model, variants, WordPiece(a.tokenizer), texts, gold, a.max_length)
    for file in sorted(os.listdir(a.out)):
        print(f"{file}: {os.path.getsize(os.path.join(a.out, file)) / 2**20:.1f} MiB")
    if failures:
        sys.exit("export check failed: " + "; ".join(failures))


if __name__ == "__main__":
    main()
