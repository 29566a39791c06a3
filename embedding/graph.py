"""Build the ONNX graph of a BERT sentence encoder (mean-pooled, unit length) from its weights.

The embedding package ships the model as safetensors; onnxruntime runs a graph. Building the
graph here from the named weights keeps the run-time dependencies to onnxruntime (no PyTorch)
and leaves the weights exactly as published.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnx
from onnx import TensorProto, helper

from embedding.names import ATTENTION_MASK, INPUT_IDS, OUTPUT

OPSET = 17


@dataclass(frozen=True)
class Shape:
    """The encoder's size (all-MiniLM-L6-v2: 6 layers, 12 heads of 32, 384 wide)."""

    layers: int = 6
    heads: int = 12
    hidden: int = 384
    layer_norm_eps: float = 1e-12

    @property
    def head_size(self) -> int:
        """Return the width of one attention head."""
        return self.hidden // self.heads


@dataclass
class _Graph:
    """Nodes and initializers under construction, with unique output names."""

    weights: Mapping[str, np.ndarray[Any, Any]]
    nodes: list[onnx.NodeProto] = field(default_factory=list)
    initializers: list[onnx.TensorProto] = field(default_factory=list)

    def op(self, op_type: str, *inputs: str, **attrs: Any) -> str:
        """Add a node and return its output's name."""
        out = f"{op_type}_{len(self.nodes)}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], **attrs))
        return out

    def const(self, value: Any, dtype: type = np.int64) -> str:
        """Add a constant tensor and return its name."""
        return self.tensor(f"const_{len(self.initializers)}", np.array(value, dtype=dtype))

    def weight(self, name: str, *, transpose: bool = False) -> str:
        """Add a named weight (as float32; transposed for MatMul) and return its name."""
        value = np.asarray(self.weights[name], dtype=np.float32)
        return self.tensor(name, value.T if transpose else value)

    def tensor(self, name: str, value: np.ndarray[Any, Any]) -> str:
        """Add a tensor under `name` and return the name."""
        # raw bytes: numpy_helper.from_array takes seconds on 90 MB of weights
        raw = np.ascontiguousarray(value)
        kind = TensorProto.FLOAT if raw.dtype == np.float32 else TensorProto.INT64
        self.initializers.append(helper.make_tensor(name, kind, raw.shape, raw.tobytes(), raw=True))
        return name

    def linear(self, x: str, prefix: str) -> str:
        """Return x·Wᵀ + b for the dense layer `prefix`."""
        product = self.op("MatMul", x, self.weight(f"{prefix}.weight", transpose=True))
        return self.op("Add", product, self.weight(f"{prefix}.bias"))

    def layer_norm(self, x: str, prefix: str, eps: float) -> str:
        """Return the layer normalisation `prefix` of x."""
        gamma, beta = self.weight(f"{prefix}.weight"), self.weight(f"{prefix}.bias")
        return self.op("LayerNormalization", x, gamma, beta, axis=-1, epsilon=eps)


def build_encoder(weights: Mapping[str, np.ndarray[Any, Any]], shape: Shape = Shape()) -> bytes:
    """Return the serialized ONNX model: token ids and mask in, unit-length embeddings out."""
    g = _Graph(weights)
    length = g.op("Slice", g.op("Shape", INPUT_IDS), g.const([1]), g.const([2]))
    positions = g.op(
        "Slice",
        g.weight("embeddings.position_embeddings.weight"),
        g.const([0]),
        length,
        g.const([0]),
    )
    x = g.op("Gather", g.weight("embeddings.word_embeddings.weight"), INPUT_IDS)
    x = g.op("Add", x, positions)
    # Single-segment input: every token has type 0.
    type_zero = np.asarray(weights["embeddings.token_type_embeddings.weight"])[0]
    x = g.op("Add", x, g.tensor("token_type_zero", np.asarray(type_zero, dtype=np.float32)))
    x = g.layer_norm(x, "embeddings.LayerNorm", shape.layer_norm_eps)
    mask = g.op("Cast", ATTENTION_MASK, to=TensorProto.FLOAT)
    # Padding gets a large negative attention logit, so it takes no attention.
    padding = g.op("Sub", g.const(1.0, np.float32), g.op("Unsqueeze", mask, g.const([1, 2])))
    attention_bias = g.op("Mul", padding, g.const(-1e4, np.float32))
    for layer in range(shape.layers):
        x = _encoder_layer(g, x, attention_bias, f"encoder.layer.{layer}", shape)
    serialized: bytes = _mean_pooled(g, x, mask).SerializeToString()
    return serialized


def _encoder_layer(g: _Graph, x: str, attention_bias: str, prefix: str, shape: Shape) -> str:
    """Return one transformer layer's output: self-attention, then the feed-forward block."""
    heads = g.const([0, 0, shape.heads, shape.head_size])

    def split(t: str) -> str:
        return g.op("Transpose", g.op("Reshape", t, heads), perm=[0, 2, 1, 3])

    query = split(g.linear(x, f"{prefix}.attention.self.query"))
    key = split(g.linear(x, f"{prefix}.attention.self.key"))
    value = split(g.linear(x, f"{prefix}.attention.self.value"))
    logits = g.op("MatMul", query, g.op("Transpose", key, perm=[0, 1, 3, 2]))
    logits = g.op("Mul", logits, g.const(1 / np.sqrt(shape.head_size), np.float32))
    weights = g.op("Softmax", g.op("Add", logits, attention_bias), axis=-1)
    context = g.op("Transpose", g.op("MatMul", weights, value), perm=[0, 2, 1, 3])
    context = g.op("Reshape", context, g.const([0, 0, shape.hidden]))
    attended = g.op("Add", x, g.linear(context, f"{prefix}.attention.output.dense"))
    x = g.layer_norm(attended, f"{prefix}.attention.output.LayerNorm", shape.layer_norm_eps)
    hidden = g.linear(x, f"{prefix}.intermediate.dense")
    gelu = g.op(
        "Mul",
        g.op("Mul", hidden, g.const(0.5, np.float32)),
        g.op(
            "Add",
            g.const(1.0, np.float32),
            g.op("Erf", g.op("Div", hidden, g.const(np.sqrt(2), np.float32))),
        ),
    )
    out = g.op("Add", x, g.linear(gelu, f"{prefix}.output.dense"))
    return g.layer_norm(out, f"{prefix}.output.LayerNorm", shape.layer_norm_eps)


def _mean_pooled(g: _Graph, x: str, mask: str) -> onnx.ModelProto:
    """Return the model whose output is the mask-weighted mean of x, scaled to unit length."""
    weights = g.op("Unsqueeze", mask, g.const([2]))
    total = g.op("ReduceSum", g.op("Mul", x, weights), g.const([1]), keepdims=0)
    count = g.op("ReduceSum", weights, g.const([1]), keepdims=0)
    mean = g.op("Div", total, g.op("Max", count, g.const(1e-9, np.float32)))
    g.nodes.append(helper.make_node("LpNormalization", [mean], [OUTPUT], axis=-1, p=2))
    graph = helper.make_graph(
        g.nodes,
        "sentence_encoder",
        [
            helper.make_tensor_value_info(INPUT_IDS, TensorProto.INT64, ["batch", "tokens"]),
            helper.make_tensor_value_info(ATTENTION_MASK, TensorProto.INT64, ["batch", "tokens"]),
        ],
        [helper.make_tensor_value_info(OUTPUT, TensorProto.FLOAT, ["batch", None])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 8
    return model
