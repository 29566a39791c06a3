"""Product vectors for semantic retrieval: embedded once per text, kept in Postgres.

A full rebuild of a large catalog would otherwise spend minutes of CPU re-embedding titles
that did not change; here only text never seen before is embedded. Rows are keyed by the
text's digest and inserted with ON CONFLICT DO NOTHING, so a rebuild that fails halfway
leaves only valid vectors behind and the next one reuses them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import BYTEA
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from catalog.models import Product
from embedding.model import DIMS, MODEL_ID, Encoder
from embedding.shared import shared_encoder

SELECT = text(
    "SELECT digest, vector FROM text_embeddings WHERE model = :model AND digest IN :digests"
).bindparams(bindparam("digests", expanding=True, type_=BYTEA))
INSERT = text(
    "INSERT INTO text_embeddings (model, digest, vector) VALUES (:model, :digest, :vector) "
    "ON CONFLICT DO NOTHING"
)


def embedding_text(product: Product) -> str:
    """Return the text a product is embedded by: its title, with brand and type when unsaid."""
    parts = [product.title]
    for extra in (product.brand, product.product_type):
        if extra and extra.lower() not in product.title.lower():
            parts.append(extra)
    return " · ".join(parts)


def _digest(value: str) -> bytes:
    return hashlib.sha256(value.encode()).digest()


def product_vectors(bind: Engine | Connection) -> ProductVectors | None:
    """Return the vector source of this process, or None when the encoder cannot run."""
    loaded = shared_encoder()
    return ProductVectors(loaded.encoder, bind) if loaded.encoder is not None else None


class ProductVectors:
    """Find or compute the vectors of products' texts with one encoder."""

    def __init__(self, encoder: Encoder, bind: Engine | Connection) -> None:
        self.encoder = encoder
        self.bind = bind

    def for_products(self, products: Sequence[Product]) -> dict[int, list[float]]:
        """Return each product's vector (as floats for the bulk body), embedding only new text.

        New vectors are committed at once in a transaction of their own, so they outlive a
        rebuild or sync that fails later; a vector is never written before it is complete.
        """
        texts = {p.id: embedding_text(p) for p in products}
        digests = {pid: _digest(t) for pid, t in texts.items()}
        with Session(self.bind) as session:
            known = self._known(session, list(set(digests.values())))
            missing = sorted(
                {d: texts[pid] for pid, d in digests.items() if d not in known}.items()
            )
            if missing:
                vectors = self.encoder.embed([t for _, t in missing])
                rows = [
                    {"model": MODEL_ID, "digest": d, "vector": v.astype("<f4").tobytes()}
                    for (d, _), v in zip(missing, vectors, strict=True)
                ]
                session.execute(INSERT, rows)
                session.commit()
                known.update({d: v for (d, _), v in zip(missing, vectors, strict=True)})
        return {pid: _as_floats(known[d]) for pid, d in digests.items()}

    def _known(self, session: Session, digests: list[bytes]) -> dict[bytes, Any]:
        """Return the stored vectors among `digests`."""
        if not digests:
            return {}
        rows = session.execute(SELECT, {"model": MODEL_ID, "digests": digests})
        return {bytes(d): np.frombuffer(bytes(v), dtype="<f4") for d, v in rows}


def _as_floats(vector: Any) -> list[float]:
    """Return a vector as JSON-ready floats (rounded: 6 digits keep the ranking, halve bytes)."""
    values: list[float] = np.round(np.asarray(vector, dtype=np.float64), 6).tolist()
    if len(values) != DIMS:
        raise ValueError(f"a stored vector has {len(values)} dimensions, not {DIMS}")
    return values
