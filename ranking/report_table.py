"""Text tables of `aisle eval`: one search's figures, or Aisle's beside a baseline's.

Per-query rows print worst first (by NDCG@k of the first report; a stable sort keeps ties in
query order). Recall@100 of products rated >= 2 prints "-" for a query without one.
"""

from __future__ import annotations

from ranking.evaluate import RECALL_AT, RECALL_DEPTH, SCORES, EvalReport, QueryScore

QUERY_WIDTH = 32


def labels(k: int) -> dict[str, str]:
    """Return each score's printed name."""
    return {
        "ndcg": f"NDCG@{k}",
        "ndcg_condensed": f"NDCG'@{k}",
        "judged_at": f"judged@{k}",
        "mrr": "MRR",
        "recall": f"recall@{k}",
        "recall_100": f"recall@{RECALL_DEPTH}(>={RECALL_AT})",
    }


def render_report(report: EvalReport, *, per_query: bool) -> str:
    """Format one report: a row per query, then the means."""
    names = labels(report.k)
    lines = []
    if per_query:
        header = " ".join(f"{names[s]:>{_width(names[s])}}" for s in SCORES)
        lines.append(f"{'query':<{QUERY_WIDTH}} {header} {'judged':>7}")
        for q in _worst_first(report.queries):
            cells = " ".join(f"{_cell(q, s):>{_width(names[s])}}" for s in SCORES)
            lines.append(f"{q.query[:QUERY_WIDTH]:<{QUERY_WIDTH}} {cells} {q.judged:7d}")
    means = report.means()
    figures = "  ".join(f"{names[s]} {means[s]:.4f}" for s in SCORES)
    lines.append(f"OVERALL {len(report.queries)} queries: {figures}")
    return "\n".join(lines)


def render_comparison(
    ours: EvalReport, baseline: EvalReport, *, per_query: bool, name: str = "plain"
) -> str:
    """Format Aisle's figures beside a baseline's: "aisle/baseline" a query, ratios overall."""
    names = labels(ours.k)
    theirs = {q.query: q for q in baseline.queries}
    lines = []
    if per_query:
        header = " ".join(f"{names[s]:>13}" for s in SCORES)
        lines.append(f"{'query (aisle/' + name + ')':<{QUERY_WIDTH}} {header}")
        for q in _worst_first(ours.queries):
            other = theirs[q.query]
            cells = " ".join(f"{_cell(q, s) + '/' + _cell(other, s):>13}" for s in SCORES)
            lines.append(f"{q.query[:QUERY_WIDTH]:<{QUERY_WIDTH}} {cells}")
    a, b = ours.means(), baseline.means()
    lines.append(f"OVERALL {len(ours.queries)} queries: aisle / {name} (ratio)")
    for s in SCORES:
        lines.append(f"  {names[s]:<18} {a[s]:.4f} / {b[s]:.4f}  ({ratio(a[s], b[s])})")
    return "\n".join(lines)


def ratio(ours: float, theirs: float) -> str:
    """Return ours/theirs as "1.093x", or "-" when the baseline scored 0."""
    return f"{ours / theirs:.3f}x" if theirs else "-"


def _worst_first(queries: list[QueryScore]) -> list[QueryScore]:
    """Return the queries by ascending NDCG, ties in query order."""
    return sorted(queries, key=lambda q: q.ndcg)


def _cell(q: QueryScore, score: str) -> str:
    """Return one score of a query, 3 decimals ("-" when it has none)."""
    value = getattr(q, score)
    return "-" if value is None else f"{value:.3f}"


def _width(label: str) -> int:
    """Return a column's width: its label's, at least 6."""
    return max(6, len(label))
