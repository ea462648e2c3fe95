"""The int8 forms of a model's Linear layers, and a rewrite from one to another that keeps the weights.

  python3 requantize.py IN.onnx OUT.onnx --form per-token-cls|per-token|per-token-elementwise|nbits|per-tensor

Every form holds the same weights: symmetric int8 with one scale per output column (export.py makes them).
They differ in how the float activations become integers (bench/int8-forms.sh measures them):

per-token-cls (shipped): per-token, with a last layer that computes only what the classifier reads (the first
  token's rows, beyond every token's keys and values); the same scores as per-token, exactly (last_layer).
per-token (shipped before): each row (token) of an activation gets its own scale, max|row| / 127, and one
  QuantizeLinear (per-axis over the rows) makes it uint8; com.microsoft MatMulIntegerToFloat multiplies it by
  the weights and applies their column scales in the same kernel; one Mul applies the row scales. A row's
  result depends on that row only, so a text's scores do not depend on its batch neighbours.
per-token-elementwise (shipped first): the same arithmetic with the quantization written as nine
  elementwise nodes and the scaling as three more after MatMulInteger, each a pass over the activations;
  about a fifth slower.
nbits: one com.microsoft MatMulNBits node per layer (bits 8, accuracy_level 4); batch-independent too, but on
  x86 ONNX Runtime 1.22-1.26 have no 8-bit integer kernel for it and run it a third slower than per-token-elementwise.
per-tensor: DynamicQuantizeLinear + MatMulInteger, the form onnxruntime.quantization.quantize_dynamic writes
  and that ONNX Runtime fuses into DynamicQuantizeMatMul: the fastest on CPU, but one activation scale for
  the whole batch, so a text's scores move with its neighbours. A reference for the benchmark.
"""
import argparse
import re

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FORMS = ("per-token-cls", "per-token", "per-token-elementwise", "nbits", "per-tensor")
CONSTANTS = (("127", 127, np.float32), ("128", 128, np.float32), ("0", 0, np.float32), ("255", 255, np.float32),
             ("tiny", 1e-30, np.float32), ("zero_point", 128, np.uint8), ("1", 1, np.float32),
             ("rows_axis", [1], np.int64), ("lead_start", [0], np.int64), ("lead_end", [2], np.int64))


def add_constants(graph):
    """The constants the per-token forms use (q8/127, q8/zero_point, ...), once per graph."""
    have = {t.name for t in graph.initializer}
    graph.initializer.extend(numpy_helper.from_array(np.array(v, dtype), f"q8/{name}")
                             for name, v, dtype in CONSTANTS if f"q8/{name}" not in have)


def elementwise_quantize(x):
    """per-token-elementwise: nodes quantizing activation x to uint8 (zero point 128) with one scale per row;
    (nodes, uint8, scale)."""
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


def elementwise_matmul(xq, xs, wq, ws, y):
    """per-token-elementwise: MatMulInteger of a row-quantized activation and int8 weights, scaled back by row and
    by column."""
    p = f"{y}/q8"
    return [
        helper.make_node("MatMulInteger", [xq, wq, "q8/zero_point"], [f"{p}/int32"]),
        helper.make_node("Cast", [f"{p}/int32"], [f"{p}/float"], to=TensorProto.FLOAT),
        helper.make_node("Mul", [f"{p}/float", xs], [f"{p}/row_scaled"]),
        helper.make_node("Mul", [f"{p}/row_scaled", ws], [y]),
    ]


def rows_quantize(x, k):
    """per-token: nodes quantizing activation x [..., K] to uint8 rows [M, K] (zero point 128), one scale per row;
    (nodes, uint8 rows, row scales [M, 1], leading dimensions of x)."""
    p = f"{x}/q8r"
    nodes = [
        helper.make_node("Shape", [x], [f"{p}/shape"]),
        helper.make_node("Slice", [f"{p}/shape", "q8/lead_start", "q8/lead_end"], [f"{p}/lead"]),
        helper.make_node("Reshape", [x, f"q8/rows_{k}"], [f"{p}/rows"]),
        helper.make_node("Abs", [f"{p}/rows"], [f"{p}/abs"]),
        helper.make_node("ReduceMax", [f"{p}/abs"], [f"{p}/max"], axes=[1], keepdims=0),
        helper.make_node("Div", [f"{p}/max", "q8/127"], [f"{p}/scale_raw"]),
        helper.make_node("Max", [f"{p}/scale_raw", "q8/tiny"], [f"{p}/scale"]),
        # QuantizeLinear wants a zero point of the scale's shape: 128 for every row
        helper.make_node("Mul", [f"{p}/scale", "q8/0"], [f"{p}/zeros"]),
        helper.make_node("Add", [f"{p}/zeros", "q8/128"], [f"{p}/zero_point_float"]),
        helper.make_node("Cast", [f"{p}/zero_point_float"], [f"{p}/zero_point"], to=TensorProto.UINT8),
        helper.make_node("QuantizeLinear", [f"{p}/rows", f"{p}/scale", f"{p}/zero_point"], [f"{p}/uint8"], axis=0),
        helper.make_node("Unsqueeze", [f"{p}/scale", "q8/rows_axis"], [f"{p}/row_scale"]),
    ]
    return nodes, f"{p}/uint8", f"{p}/row_scale", f"{p}/lead"


def rows_matmul(xq, xs, lead, wq, ws, n, y):
    """per-token: the product of quantized rows and int8 weights with the column scales applied in the kernel,
    then the row scales, back in the activation's shape [..., N]."""
    p = f"{y}/q8r"
    return [
        helper.make_node("MatMulIntegerToFloat", [xq, wq, "q8/1", ws, "q8/zero_point"], [f"{p}/column_scaled"],
                         domain="com.microsoft"),
        helper.make_node("Mul", [f"{p}/column_scaled", xs], [f"{p}/rows"]),
        helper.make_node("Concat", [lead, f"q8/n_{n}"], [f"{p}/shape"], axis=0),
        helper.make_node("Reshape", [f"{p}/rows", f"{p}/shape"], [y]),
    ]


def _indexes(graph):
    """The graph's initializers by name, each output's producing node, and each input's consuming nodes."""
    producers = {o: node for node in graph.node for o in node.output}
    consumers = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    return {t.name: t for t in graph.initializer}, producers, consumers


def _layers(graph):
    """Per Linear layer of the per-token forms or nbits: (input x, int8 weights [K, N], column scales [N], output y,
    names of the nodes that compute y from x). Row quantizations left unused are pruned later."""
    weights, producers, consumers = _indexes(graph)

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
        elif node.op_type == "MatMulIntegerToFloat":
            rows = producers[producers[node.input[0]].input[0]]  # QuantizeLinear(Reshape(x))
            row_scaled = only(node.output[0], "Mul")
            reshape = only(row_scaled.output[0], "Reshape")
            yield (rows.input[0], numpy_helper.to_array(weights[node.input[1]]),
                   numpy_helper.to_array(weights[node.input[3]]), reshape.output[0],
                   [n.output[0] for n in (node, row_scaled, reshape)])
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
    """The model with every Linear layer rewritten to `form` (one of FORMS)."""
    if form not in FORMS:
        raise ValueError(f"unknown form {form}; one of {FORMS}")
    if form == "per-token-cls":
        return last_layer(convert(model, "per-token"), "first")
    if any(node.output[0].endswith("/first/x_first") for node in model.graph.node):
        model = last_layer(model, "all")  # a per-token-cls source: every row again, then the form
    graph = model.graph
    replaced, new_nodes, quantized, shapes = set(), {}, {}, {}
    produced = {o for node in graph.node for o in node.output}
    produced_initializers = {t.name for t in graph.initializer}  # a source in a per-token form has these already
    for x, w, scale, y, old in list(_layers(graph)):
        k, n = w.shape
        initializers = [numpy_helper.from_array(w, f"{y}/weight/int8"), numpy_helper.from_array(scale, f"{y}/weight/scale")]
        nodes = []
        if form == "per-token":
            if x not in quantized:  # Q, K and V share their input and so its quantization
                chain, xq, xs, lead = rows_quantize(x, k)
                if xq not in produced:  # a per-token source keeps its own
                    nodes += chain
                quantized[x] = xq, xs, lead
            nodes += rows_matmul(*quantized[x], f"{y}/weight/int8", f"{y}/weight/scale", n, y)
            shapes[f"q8/rows_{k}"], shapes[f"q8/n_{n}"] = [-1, k], [n]
        elif form == "per-token-elementwise":
            if x not in quantized:
                chain, xq, xs = elementwise_quantize(x)
                if xq not in produced:
                    nodes += chain
                quantized[x] = xq, xs
            nodes += elementwise_matmul(*quantized[x], f"{y}/weight/int8", f"{y}/weight/scale", y)
        elif form == "nbits":
            nodes, initializers = _nbits(x, w, scale, y, block_size)
        else:
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
        graph.initializer.extend(t for t in initializers if t.name not in produced_initializers)
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
    have = {t.name for t in graph.initializer}
    graph.initializer.extend(numpy_helper.from_array(np.array(v, np.int64), name)
                             for name, v in shapes.items() if name not in have)
    add_constants(graph)
    if form in ("per-token", "nbits") and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    prune(graph)
    return model


LINEAR = re.compile(r"^/layers\.(\d+)/(?:first/)?(query|key|value|attn_out|inter|out)(?:/MatMul_output_0)?$")
LAST_LAYER_VALUES = ("sqrt2", "half", "sqrt_head", "masked", "attn_norm_eps", "out_norm_eps")


def last_layer(model, rows):
    """The per-token model with its last encoder layer computing `rows`: "first" (per-token-cls) or "all".

    The classification head reads the first token ([CLS]) alone, so beyond the keys and values that every query
    needs, the last layer's other rows are work nobody reads: their queries, attention, output projection,
    feed-forward and LayerNorms. "first" computes the first two tokens' rows (every text has [CLS] and [SEP]; with
    a single row ONNX Runtime takes kernels whose float sums round differently, and the scores moved by up to
    3.6e-5); "all" restores every row, the per-token form, from a per-token-cls model. Either way the layer is written
    with the per-token form's quantization and export.py's operators, so every row's arithmetic is the per-token
    form's and the scores are the same; the other layers are untouched."""
    graph = model.graph
    weights, producers, consumers = _indexes(graph)
    linears = {}
    for x, w, _, y, _ in _layers(graph):
        match = LINEAR.match(y)
        if not match:
            raise ValueError(f"{y}: not a Linear layer of export.py's encoder")
        linears[int(match.group(1)), match.group(2)] = x, w.shape, y
    i = max(layer for layer, _ in linears)
    if ("/first/" in linears[i, "query"][2]) == (rows == "first"):
        return model
    hidden, inner = linears[i, "inter"][1]
    x = linears[i, "key"][0]  # the layer's input: keys and values are computed for every row
    last = f"/layers.{i}/out_norm/Add_1_output_0"
    head = consumers.get(last, [])
    saved = f"/layers.{i}/last"
    if f"{saved}/sqrt2" in weights:  # written by this function before
        values = {n: float(numpy_helper.to_array(weights[f"{saved}/{n}"])) for n in LAST_LAYER_VALUES}
    else:  # export.py's layer: the constants its nodes read as their second input
        constants = {n.output[0]: numpy_helper.to_array(n.attribute[0].t) for n in graph.node if n.op_type == "Constant"}

        def constant(name):
            return float(constants[producers[name].input[1]])

        values = dict(zip(LAST_LAYER_VALUES, (
            constant(f"/layers.{i}/Div_2_output_0"), constant(f"/layers.{i}/Mul_1_output_0"),
            constant(f"/layers.{i}/Div_1_output_0"), constant("/Mul_output_0"),
            constant(f"/layers.{i}/attn_norm/Add_output_0"), constant(f"/layers.{i}/out_norm/Add_output_0"))))
        graph.initializer.extend(numpy_helper.from_array(np.array(v, np.float32), f"{saved}/{n}")
                                 for n, v in values.items())
    if rows == "first":
        index = head[0].input[1] if len(head) == 1 and head[0].op_type == "Gather" else None
        value = producers.get(index)
        if (value is None or value.op_type != "Constant" or numpy_helper.to_array(value.attribute[0].t).ndim != 0
                or int(numpy_helper.to_array(value.attribute[0].t)) != 0
                or helper.get_attribute_value(head[0].attribute[0]) != 1):
            raise ValueError(f"{last}: the head does not read the first token alone (Gather index 0 on axis 1)")

    def need(name):
        if name not in weights:
            raise ValueError(f"{name}: missing; not export.py's encoder")
        return name

    head_size = round(values["sqrt_head"] ** 2)
    p = f"/layers.{i}/{rows}"
    graph.initializer.extend(numpy_helper.from_array(np.array(v, np.float32), f"{p}/{n}")
                             for n, v in (("two", 2.0),))
    graph.initializer.extend(numpy_helper.from_array(np.array(v, np.int64), f"{p}/{n}") for n, v in (
        ("first", [0, 1]), ("heads", [hidden // head_size, head_size]), ("hidden", [hidden]), ("mask_axes", [1, 2])))
    nodes = [  # the additive attention mask: 0 for tokens, the export's large negative value for padding
        helper.make_node("Unsqueeze", ["attention_mask", f"{p}/mask_axes"], [f"{p}/mask4"]),
        helper.make_node("Cast", [f"{p}/mask4"], [f"{p}/mask_float"], to=TensorProto.FLOAT),
        helper.make_node("Sub", ["q8/1", f"{p}/mask_float"], [f"{p}/padding"]),
        helper.make_node("Mul", [f"{p}/padding", f"{saved}/masked"], [f"{p}/mask_add"]),
    ]

    def quantize(t, width):
        chain, xq, xs, lead = rows_quantize(t, width)
        nodes.extend(chain)
        return xq, xs, lead

    def linear(quantized, kind):  # the per-token form's product, plus the bias
        name = f"/layers.{i}/{kind}/MatMul_output_0"
        y = name if rows == "all" else f"{p}/{kind}"
        n = inner if kind == "inter" else hidden
        nodes.extend(rows_matmul(*quantized, need(f"{name}/weight/int8"), need(f"{name}/weight/scale"), n, y))
        nodes.append(helper.make_node("Add", [need(f"layers.{i}.{kind}.bias"), y], [f"{y}/biased"]))
        return f"{y}/biased"

    def shaped(t, lead, tail):
        nodes.extend([helper.make_node("Concat", [lead, tail], [f"{t}/shape"], axis=0),
                      helper.make_node("Reshape", [t, f"{t}/shape"], [f"{t}/shaped"])])
        return f"{t}/shaped"

    def by_head(t, lead, perm):
        nodes.append(helper.make_node("Transpose", [shaped(t, lead, f"{p}/heads")], [f"{t}/by_head"], perm=perm))
        return f"{t}/by_head"

    def layer_norm(a, b, name, y):  # LayerNorm(a + b) as export.py writes it (ONNX Runtime fuses it)
        n = f"{p}/{name}"
        nodes.extend([
            helper.make_node("Add", [a, b], [f"{n}/sum"]),
            helper.make_node("ReduceMean", [f"{n}/sum"], [f"{n}/mean"], axes=[-1]),
            helper.make_node("Sub", [f"{n}/sum", f"{n}/mean"], [f"{n}/centred"]),
            helper.make_node("Pow", [f"{n}/centred", f"{p}/two"], [f"{n}/squares"]),
            helper.make_node("ReduceMean", [f"{n}/squares"], [f"{n}/variance"], axes=[-1]),
            helper.make_node("Add", [f"{n}/variance", f"{saved}/{name}_eps"], [f"{n}/variance_eps"]),
            helper.make_node("Sqrt", [f"{n}/variance_eps"], [f"{n}/deviation"]),
            helper.make_node("Div", [f"{n}/centred", f"{n}/deviation"], [f"{n}/normal"]),
            helper.make_node("Mul", [f"{n}/normal", need(f"layers.{i}.{name}.weight")], [f"{n}/scaled"]),
            helper.make_node("Add", [f"{n}/scaled", need(f"layers.{i}.{name}.bias")], [y]),
        ])
        return y

    every = f"{x}/q8r/uint8", f"{x}/q8r/row_scale", f"{x}/q8r/lead"  # the per-token form's quantization of x
    if every[0] not in producers:
        raise ValueError(f"{x}: not quantized by the per-token form")
    key, value = linear(every, "key"), linear(every, "value")
    if rows == "first":
        nodes.append(helper.make_node("Gather", [x, f"{p}/first"], [f"{p}/x_first"], axis=1))  # [batch, 2, hidden]
        skip, quantized = f"{p}/x_first", quantize(f"{p}/x_first", hidden)
    else:
        skip, quantized = x, every
    lead = quantized[2]
    query = linear(quantized, "query")
    a = f"{p}/attention"
    nodes.extend([
        helper.make_node("MatMul", [by_head(query, lead, [0, 2, 1, 3]), by_head(key, every[2], [0, 2, 3, 1])],
                         [f"{a}/scores"]),
        helper.make_node("Div", [f"{a}/scores", f"{saved}/sqrt_head"], [f"{a}/scaled"]),
        helper.make_node("Add", [f"{a}/scaled", f"{p}/mask_add"], [f"{a}/masked"]),
        helper.make_node("Softmax", [f"{a}/masked"], [f"{a}/weights"], axis=-1),
        helper.make_node("MatMul", [f"{a}/weights", by_head(value, every[2], [0, 2, 1, 3])], [f"{a}/context"]),
        helper.make_node("Transpose", [f"{a}/context"], [f"{a}/context_t"], perm=[0, 2, 1, 3]),
    ])
    context = shaped(f"{a}/context_t", lead, f"{p}/hidden")
    h = layer_norm(skip, linear(quantize(context, hidden), "attn_out"), "attn_norm", f"{p}/attn_norm_out")
    inter = linear(quantize(h, hidden), "inter")
    g = f"{p}/gelu"
    nodes.extend([  # erf GELU as export.py writes it
        helper.make_node("Div", [inter, f"{saved}/sqrt2"], [f"{g}/scaled"]),
        helper.make_node("Erf", [f"{g}/scaled"], [f"{g}/erf"]),
        helper.make_node("Add", [f"{g}/erf", "q8/1"], [f"{g}/erf1"]),
        helper.make_node("Mul", [inter, f"{g}/erf1"], [f"{g}/product"]),
        helper.make_node("Mul", [f"{g}/product", f"{saved}/half"], [f"{g}/out"]),
    ])
    layer_norm(h, linear(quantize(f"{g}/out", inner), "out"), "out_norm", last)  # the head reads token 0 of it

    kept = []
    for node in graph.node:  # the new layer goes where the old one ended
        if last in node.output:
            kept.extend(nodes)
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)
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
    p.add_argument("source", help="int8 model.onnx (per-token-cls, per-token, per-token-elementwise or nbits form)")
    p.add_argument("target")
    p.add_argument("--form", choices=FORMS, required=True)
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
