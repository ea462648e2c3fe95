"""The int8 forms of a model's Linear layers, and a rewrite from one to another that keeps the weights.

  python3 requantize.py IN.onnx OUT.onnx --form per-token|nbits|per-tensor [--block-size 128]

Every form holds the same weights: symmetric int8 with one scale per output column (export.py makes them).
They differ in how the float activations become integers:

per-token (shipped, export.py writes it): MatMulInteger, with each row's activations quantized to uint8 by
  nine elementwise nodes in the graph. A row's result depends on that row only, so a text's scores do not
  depend on its batch neighbours.
nbits: one com.microsoft MatMulNBits node per layer (bits 8, accuracy_level 4), where ONNX Runtime's kernel
  may quantize the activations itself, per row and block of block_size inputs: batch-independent too, and
  the same accuracy, but on x86 ONNX Runtime 1.22-1.26 have no 8-bit integer kernel for it and run it about
  a third slower than per-token (bench/int8-forms.sh).
per-tensor: DynamicQuantizeLinear + MatMulInteger, the form onnxruntime.quantization.quantize_dynamic writes
  and that ONNX Runtime fuses into DynamicQuantizeMatMul: the fastest on CPU, but one activation scale for
  the whole batch, so a text's scores move with its neighbours. A reference for the benchmark.
"""
import argparse

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

CONSTANTS = (("127", 127, np.float32), ("128", 128, np.float32), ("0", 0, np.float32), ("255", 255, np.float32),
             ("tiny", 1e-30, np.float32), ("zero_point", 128, np.uint8))


def add_constants(graph):
    """The constants row_quantize and per_token use (q8/127, q8/zero_point, ...), once per graph."""
    have = {t.name for t in graph.initializer}
    graph.initializer.extend(numpy_helper.from_array(np.array(v, dtype), f"q8/{name}")
                             for name, v, dtype in CONSTANTS if f"q8/{name}" not in have)


def row_quantize(x):
    """Nodes quantizing activation x to uint8 (zero point 128) with one scale per row; (nodes, uint8, scale)."""
    p = f"{x}/q8"
    nodes = [
        helper.make_node("Abs", [x], [f"{p}/abs"]),
        helper.make_node("ReduceMax", [f"{p}/abs"], [f"{p}/max"], axes=[-1], keepdims=1),
        helper.make_node("Div", [f"{p}/max", "q8/127"], [f"{p}/scale_raw"]),
        helper.make_node("Max", [f"{p}/scale_raw", "q8/tiny"], [f"{p}/scale"]),
        helper.make_node("Div", [x, f"{p}/scale"], [f"{p}/scaled"]),
        helper.make_node("Round", [f"{p}/scaled"], [f"{p}/rounded"]),
        helper.make_node("Add", [f"{p}/rounded", "q8/128"], [f"{p}/shifted"]),
        helper.make_node("Clip", [f"{p}/shifted", "q8/0", "q8/255"], [f"{p}/clipped"]),
        helper.make_node("Cast", [f"{p}/clipped"], [f"{p}/uint8"], to=TensorProto.UINT8),
    ]
    return nodes, f"{p}/uint8", f"{p}/scale"


def per_token(xq, xs, wq, ws, y):
    """MatMulInteger of a row-quantized activation and int8 weights, scaled back by row and by column."""
    p = f"{y}/q8"
    return [
        helper.make_node("MatMulInteger", [xq, wq, "q8/zero_point"], [f"{p}/int32"]),
        helper.make_node("Cast", [f"{p}/int32"], [f"{p}/float"], to=TensorProto.FLOAT),
        helper.make_node("Mul", [f"{p}/float", xs], [f"{p}/row_scaled"]),
        helper.make_node("Mul", [f"{p}/row_scaled", ws], [y]),
    ]


def _layers(graph):
    """Per Linear layer of either shipped form: (input x, int8 weights [K, N], column scales [N], output y,
    names of the nodes that compute y from x). Row quantizations left unused are pruned later."""
    weights = {t.name: t for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)

    def only(name, op_type):
        nodes = consumers.get(name, [])
        if len(nodes) != 1 or nodes[0].op_type != op_type:
            raise ValueError(f"expected one {op_type} after {name}, found {[n.op_type for n in nodes]}")
        return nodes[0]

    for node in graph.node:
        if node.op_type == "MatMulInteger":
            xq, wq = node.input[0], node.input[1]
            if not xq.endswith("/q8/uint8"):
                raise ValueError(f"{node.output[0]}: {xq} is not a per-token quantized activation")
            cast = only(node.output[0], "Cast")
            row_scaled = only(cast.output[0], "Mul")
            column_scaled = only(row_scaled.output[0], "Mul")
            yield (xq[:-len("/q8/uint8")], numpy_helper.to_array(weights[wq]),
                   numpy_helper.to_array(weights[column_scaled.input[1]]), column_scaled.output[0],
                   [n.output[0] for n in (node, cast, row_scaled, column_scaled)])
        elif node.op_type == "MatMulNBits":
            a = {attr.name: helper.get_attribute_value(attr) for attr in node.attribute}
            k, n, blocks = a["K"], a["N"], -(-a["K"] // a["block_size"])
            if a["bits"] != 8 or len(node.input) > 3:
                raise ValueError(f"{node.output[0]}: only 8-bit MatMulNBits without zero points is read")
            codes = numpy_helper.to_array(weights[node.input[1]]).reshape(n, -1)[:, :k]
            scales = numpy_helper.to_array(weights[node.input[2]]).reshape(n, blocks)
            if not np.all(scales == scales[:, :1]):
                raise ValueError(f"{node.output[0]}: block scales differ along K; not one scale per column")
            yield (node.input[0], (codes.astype(np.int16) - 128).astype(np.int8).T.copy(), scales[:, 0].copy(),
                   node.output[0], [node.output[0]])


def _nbits(x, w, scale, y, block_size):
    k, n = w.shape
    if k % block_size:
        raise ValueError(f"{y}: K={k} is not a multiple of block size {block_size}")
    blocks = k // block_size
    # unsigned codes with the default zero point of 8 bits, 128: code - 128 = weight
    codes = (w.T.astype(np.int16) + 128).astype(np.uint8).reshape(n, blocks, block_size)
    initializers = [numpy_helper.from_array(codes, f"{y}/nbits/weight"),
                    numpy_helper.from_array(np.repeat(scale.astype(np.float32), blocks), f"{y}/nbits/scales")]
    node = helper.make_node("MatMulNBits", [x, f"{y}/nbits/weight", f"{y}/nbits/scales"], [y], name=f"{y}/nbits",
                            domain="com.microsoft", K=k, N=n, bits=8, block_size=block_size, accuracy_level=4)
    return [node], initializers


def convert(model, form, block_size=128):
    """The model with every Linear layer rewritten to `form` (nbits, per-token or per-tensor)."""
    graph = model.graph
    replaced, new_nodes, quantized = set(), {}, {}
    produced = {o for node in graph.node for o in node.output}
    for x, w, scale, y, old in list(_layers(graph)):
        initializers = [numpy_helper.from_array(w, f"{y}/weight/int8"), numpy_helper.from_array(scale, f"{y}/weight/scale")]
        if form == "nbits":
            nodes, initializers = _nbits(x, w, scale, y, block_size)
        elif form == "per-token":
            nodes = []
            if x not in quantized:  # Q, K and V share their input and so its quantization
                chain, xq, xs = row_quantize(x)
                if xq not in produced:  # a per-token source keeps its own
                    nodes += chain
                quantized[x] = xq, xs
            nodes += per_token(*quantized[x], f"{y}/weight/int8", f"{y}/weight/scale", y)
        else:
            nodes = []
            if x not in quantized:
                p = f"{x}/dql"
                quantized[x] = f"{p}/uint8", f"{p}/scale", f"{p}/zero_point"
                nodes.append(helper.make_node("DynamicQuantizeLinear", [x], list(quantized[x]), name=p))
            xq, xs, xz = quantized[x]
            p = f"{y}/dql"
            nodes += [  # the pattern ONNX Runtime fuses: MatMulInteger, Cast, Mul by (activation scale x weight scale)
                helper.make_node("MatMulInteger", [xq, f"{y}/weight/int8", xz], [f"{p}/int32"]),
                helper.make_node("Cast", [f"{p}/int32"], [f"{p}/float"], to=TensorProto.FLOAT),
                helper.make_node("Mul", [xs, f"{y}/weight/scale"], [f"{p}/scale"]),
                helper.make_node("Mul", [f"{p}/float", f"{p}/scale"], [y]),
            ]
        graph.initializer.extend(initializers)
        new_nodes[old[0]] = nodes  # keyed by output name: protobuf wrappers' ids are not stable
        replaced.update(old)
    nodes = []
    for node in graph.node:
        if node.output[0] in new_nodes:
            nodes.extend(new_nodes[node.output[0]])
        elif node.output[0] not in replaced:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    if form == "per-token":
        add_constants(graph)
    if form == "nbits" and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    prune(graph)
    return model


def prune(graph):
    """Drops nodes whose outputs nothing uses, then initializers no node reads."""
    needed = {o.name for o in graph.output}
    kept = []
    for node in reversed(graph.node):
        if any(o in needed for o in node.output):
            kept.append(node)
            needed.update(node.input)
    del graph.node[:]
    graph.node.extend(reversed(kept))
    used = {i for node in graph.node for i in node.input}
    initializers = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(initializers)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("source", help="int8 model.onnx (nbits or per-token form)")
    p.add_argument("target")
    p.add_argument("--form", choices=("nbits", "per-token", "per-tensor"), required=True)
    p.add_argument("--block-size", type=int, default=128, help="nbits: inputs per activation block (power of 2, >= 16)")
    a = p.parse_args()
    model = convert(onnx.load(a.source), a.form, a.block_size)
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, a.target)
    counts = {}
    for node in model.graph.node:
        counts[node.op_type] = counts.get(node.op_type, 0) + 1
    print(f"{a.target}: {len(model.graph.node)} nodes, " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
