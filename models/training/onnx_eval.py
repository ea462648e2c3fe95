"""A small numpy interpreter for ONNX graphs, enough for BERT encoders and the exported variants.

Python ONNX Runtime is not installable here (no PyPI) and Debian's onnx 1.12 has no reference
evaluator, so the pipeline checks its PyTorch encoder against the original ONNX file with this.
"""
import functools
import math

import numpy as np
import onnx
from onnx import numpy_helper

_erf = np.vectorize(math.erf, otypes=[np.float32])


def _attr(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def _reshape(x, shape):
    shape = [x.shape[i] if s == 0 else s for i, s in enumerate(shape.astype(np.int64))]
    return x.reshape(shape)


def _slice(x, starts, ends, axes=None, steps=None):
    axes = range(len(starts)) if axes is None else axes
    steps = [1] * len(starts) if steps is None else steps
    index = [slice(None)] * x.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[a] = slice(int(s), int(min(e, np.iinfo(np.int64).max)), int(st))
    return x[tuple(index)]


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _matmul(a, b):
    # Sums are accumulated in float64 and rounded once, so a row's result does not depend on how
    # BLAS blocks the sum (which changes with the padded length) and float16 gets the float32
    # accumulation of GPU kernels.
    return np.matmul(a.astype(np.float64), b.astype(np.float64)).astype(a.dtype)


def _matmul_integer(a, b, a_zero=None, b_zero=None):
    # float64 holds every int32 sum of int8 products exactly and lets BLAS do the work.
    a = a.astype(np.float64) - (0 if a_zero is None else a_zero.astype(np.float64))
    b = b.astype(np.float64) - (0 if b_zero is None else b_zero.astype(np.float64))
    return np.matmul(a, b).astype(np.int32)


def run(model, feeds):
    """Runs `model` (a path or a ModelProto) on numpy `feeds`; returns the graph outputs."""
    if not isinstance(model, onnx.ModelProto):
        model = onnx.load(model)
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    values.update(feeds)
    for node in model.graph.node:
        a = _attr(node)
        x = [values[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            out = numpy_helper.to_array(a["value"])
        elif op in ("Add", "Sub", "Mul", "Div", "Pow"):
            fn = {"Add": np.add, "Sub": np.subtract, "Mul": np.multiply, "Div": np.divide, "Pow": np.power}[op]
            out = fn(x[0], x[1]).astype(np.result_type(x[0]))
        elif op == "MatMul":
            out = _matmul(x[0], x[1])
        elif op == "Gather":
            out = np.take(x[0], x[1], axis=a.get("axis", 0))
        elif op == "Unsqueeze":
            axes = a["axes"] if "axes" in a else x[1]
            out = np.expand_dims(x[0], tuple(int(v) for v in axes))
        elif op == "Shape":
            out = np.array(x[0].shape, dtype=np.int64)
        elif op == "ReduceMean":
            out = x[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "ReduceMax":
            out = x[0].max(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "Concat":
            out = np.concatenate(x, axis=a["axis"])
        elif op == "Reshape":
            out = _reshape(x[0], x[1])
        elif op == "Transpose":
            out = np.transpose(x[0], a.get("perm"))
        elif op == "Sqrt":
            out = np.sqrt(x[0])
        elif op == "Softmax":
            out = _softmax(x[0].astype(np.float64), a.get("axis", -1)).astype(x[0].dtype)
        elif op == "Erf":
            out = _erf(x[0]).astype(x[0].dtype)
        elif op == "Tanh":
            out = np.tanh(x[0])
        elif op == "Abs":
            out = np.abs(x[0])
        elif op == "Round":
            out = np.round(x[0])
        elif op in ("Max", "Min"):
            out = functools.reduce(np.maximum if op == "Max" else np.minimum, x).astype(x[0].dtype)
        elif op == "Range":
            out = np.arange(x[0], x[1], x[2], dtype=x[0].dtype)
        elif op == "Clip":
            out = np.clip(x[0], x[1], x[2])
        elif op == "Cast":
            out = x[0].astype(onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[a["to"]])
        elif op == "Slice":
            out = _slice(x[0], *x[1:])
        elif op == "Gemm":
            w = x[1].T if a.get("transB", 0) else x[1]
            out = _matmul(x[0], w) + (x[2] if len(x) > 2 else 0)
        elif op == "Where":
            out = np.where(x[0], x[1], x[2])
        elif op == "Equal":
            out = np.equal(x[0], x[1])
        elif op == "Expand":
            out = x[0] * np.ones(x[1].astype(np.int64), dtype=x[0].dtype)
        elif op == "MatMulInteger":
            out = _matmul_integer(*x)
        elif op == "MatMulIntegerToFloat":  # com.microsoft: (A - a_zero) (B - b_zero) a_scale b_scale (+ bias)
            ints = _matmul_integer(x[0], x[1], *(x[4:6] + [None] * (6 - len(x)))[:2])
            out = (ints.astype(np.float32) * (x[2] * x[3]).astype(np.float32)
                   + (x[6] if len(x) > 6 and x[6] is not None else 0)).astype(np.float32)
        elif op == "QuantizeLinear":  # scalar or per-axis scale and zero point; rounds half to even
            scale, zero = x[1], x[2]
            if scale.ndim == 1:
                shape = [1] * x[0].ndim
                shape[a.get("axis", 1)] = -1
                scale, zero = scale.reshape(shape), zero.reshape(shape)
            info = np.iinfo(zero.dtype)
            out = np.clip(np.round(x[0] / scale) + zero.astype(np.float32), info.min, info.max).astype(zero.dtype)
        elif op == "DequantizeLinear":
            out = ((x[0].astype(np.int32) - (x[2].astype(np.int32) if len(x) > 2 else 0)) * x[1]).astype(np.float32)
        else:
            raise NotImplementedError(op)
        values[node.output[0]] = out
    return [values[o.name] for o in model.graph.output]
