"""Score stock Elasticsearch (retrieval.plain) on the same judgments as Aisle, in the same run."""

from __future__ import annotations

from core.runtime import Runtime
from ranking.evaluate import EvalReport, evaluate
from ranking.judgments import Judgments
from retrieval.index_version import LiveIndexVersion
from retrieval.plain import NoLiveIndex, ensure_plain_index, plain_searcher


def plain_index(rt: Runtime) -> str:
    """Return the plain copy of the live index, built now unless one of its version exists."""
    alias = rt.settings.products_alias
    version = LiveIndexVersion(rt.es, rt.session_factory, alias, poll_s=0).get()
    if version is None:
        raise NoLiveIndex(f"no live index behind {alias}: build the index first")
    return ensure_plain_index(rt.es, alias, version)


def plain_report(
    rt: Runtime,
    judgments: Judgments,
    *,
    fuzzy: bool = True,
    k: int = 10,
    relevant_at: int = 1,
    index: str | None = None,
) -> EvalReport:
    """Evaluate plain multi_match (with `fuzziness: AUTO` unless not `fuzzy`) on judgments."""
    search = plain_searcher(rt.es, index or plain_index(rt), fuzzy=fuzzy)
    return evaluate(judgments, search, k=k, relevant_at=relevant_at)
