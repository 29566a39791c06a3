"""The sentence encoder: meaning, batching, caching, and refusal of a damaged model."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from embedding.model import DIMS, Loaded, ModelUnavailable, load, package_dir, verify
from embedding.shared import QueryVectors, shared_encoder


@pytest.fixture(scope="module")
def loaded() -> Loaded:
    found = shared_encoder()
    assert found.encoder is not None, found.reason
    return found


def test_vectors_are_unit_length_and_close_in_meaning(loaded: Loaded) -> None:
    assert loaded.encoder is not None
    vectors = loaded.encoder.embed(
        ["video camera", "Sony Handycam HDR-CX405 camcorder", "Belkin HDMI cable 2 m"]
    )
    assert vectors.shape == (3, DIMS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    camera, camcorder, cable = vectors
    assert camera @ camcorder > camera @ cable + 0.2


def test_a_batch_embeds_each_text_as_alone(loaded: Loaded) -> None:
    """Padding a short text to a long one's length must not change its vector."""
    assert loaded.encoder is not None
    texts = ["drill", "Makita 18V LXT lithium-ion cordless hammer drill driver kit"]
    together = loaded.encoder.embed(texts)
    alone = np.vstack([loaded.encoder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_query_vectors_are_cached_by_folded_text(loaded: Loaded) -> None:
    assert loaded.encoder is not None
    queries = QueryVectors(loaded.encoder, size=2)
    first = queries("Café crème")
    assert queries("cafe CREME") is first
    queries("drill")
    queries("saw")  # evicts the least recently used
    assert queries("cafe creme") is not first
    assert np.allclose(queries("cafe creme"), first)


def test_a_damaged_model_is_refused_with_the_reason(tmp_path: Path) -> None:
    source = package_dir()
    (tmp_path / "model.safetensors").symlink_to(source / "model.safetensors")
    shutil.copy(source / "tokenizer.json", tmp_path / "tokenizer.json")
    with (tmp_path / "tokenizer.json").open("a") as file:
        file.write(" ")
    with pytest.raises(ModelUnavailable, match="checksum"):
        verify(tmp_path)
    found = load(tmp_path)
    assert found.encoder is None and found.status.startswith("unavailable")
    assert "checksum" in (found.reason or "")


def test_a_missing_model_is_unavailable_not_an_error(tmp_path: Path) -> None:
    found = load(tmp_path / "nowhere")
    assert found.encoder is None and "missing" in (found.reason or "")
