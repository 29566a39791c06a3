"""`aisle merch`: synonym sets from the shell; publish, restore and evaluate the draft."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import typer

from core.cli_errors import exit_on_refusal
from core.runtime import open_runtime
from core.settings import get_settings

merch_app = typer.Typer(
    help="Merchandising: synonym sets and query rules, drafted then published.",
    no_args_is_help=True,
)
BY = "cli"
T = TypeVar("T")


@merch_app.command("import")
def import_command(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, help="Solr synonyms.txt or CSV."),
    name: str = typer.Option(..., "--set", help="The draft set to create or replace."),
    fmt: str = typer.Option("solr", "--format", help="solr or csv."),
    corrections: bool = typer.Option(False, "--corrections", help="'wrong => right' typo fixes."),
    disabled: bool = typer.Option(False, "--disabled", help="Import switched off."),
) -> None:
    """Put a synonym file into the draft as one set (publish to apply it)."""
    from merchandising.schemas import SynonymSetWrite
    from merchandising.service import put_synonym_set

    if fmt not in ("solr", "csv"):
        raise typer.BadParameter("use solr or csv", param_hint="--format")
    body = SynonymSetWrite(
        enabled=not disabled,
        corrections=corrections,
        text=file.read_text(encoding="utf-8"),
        format=fmt,
    )
    with open_runtime(get_settings()) as rt, rt.session_factory() as db:
        found = _refusing(lambda: put_synonym_set(db, name, body, by=BY))
    typer.echo(f"draft set {found.name!r}: {len(found.entries)} entries")


@merch_app.command("export")
def export_command(
    name: str = typer.Argument(..., help="The set to write out."),
    fmt: str = typer.Option("solr", "--format", help="solr or csv."),
    published: bool = typer.Option(False, "--published", help="From the published version."),
) -> None:
    """Print a synonym set as Solr synonyms.txt or CSV."""
    from merchandising.service import synonym_set
    from merchandising.synonyms import to_csv, to_solr

    with open_runtime(get_settings()) as rt, rt.session_factory() as db:
        found = _refusing(lambda: synonym_set(db, name, published=published))
    typer.echo(to_solr(found.entries) if fmt == "solr" else to_csv(found.entries), nl=False)


@merch_app.command("publish")
def publish_command(note: str = typer.Option(None, "--note", help="Why (recorded).")) -> None:
    """Publish the draft; every API process applies it on its next search."""
    from merchandising.published import announce
    from merchandising.service import publish

    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        row = _refusing(lambda: publish(db, by=BY, note=note))
        announce(rt.redis, row.token)
        typer.echo(f"published version {row.version}: {row.summary}")


@merch_app.command("versions")
def versions_command() -> None:
    """List published versions, newest first (* is the one search applies)."""
    from merchandising.service import list_versions

    with open_runtime(get_settings()) as rt, rt.session_factory() as db:
        for i, row in enumerate(list_versions(db)):
            restored = f" (restores {row.restored_from})" if row.restored_from else ""
            typer.echo(
                f"{'*' if i == 0 else ' '} {row.version:>4}  {row.published_at:%Y-%m-%d %H:%M}"
                f"  {row.published_by}  {row.summary}{restored}  {row.note or ''}"
            )


@merch_app.command("restore")
def restore_command(
    version: int, note: str = typer.Option(None, "--note", help="Why (recorded).")
) -> None:
    """Publish an earlier version again, as a new version."""
    from merchandising.published import announce
    from merchandising.service import restore

    settings = get_settings()
    with open_runtime(settings) as rt, rt.session_factory() as db:
        row = _refusing(lambda: restore(db, version, by=BY, note=note))
        announce(rt.redis, row.token)
        typer.echo(f"version {version} is live again as version {row.version}")


@merch_app.command("evaluate")
def evaluate_command(
    judgments: Path = typer.Argument(None, help="query,docid,rating CSV (default: configured)."),
) -> None:
    """NDCG@10 of every judged query with the published configuration and with the draft."""
    from merchandising.compiled import compile_config
    from merchandising.service import latest_version, published_config, read_draft
    from ranking.rerank import ActiveModel
    from search_service.merch.preview import configured_judgments, evaluate

    settings = get_settings()
    found = configured_judgments(judgments or settings.ranking_judgments_path, required=True)
    assert found is not None
    with open_runtime(settings, es_timeout=60) as rt, rt.session_factory() as db:
        latest = latest_version(db)
        published = compile_config(published_config(db), latest.version if latest else None)
        draft = compile_config(read_draft(db)[1], None)
        reranker = ActiveModel(rt.session_factory).get()  # None: BM25 (or no usable model)
        result = evaluate(
            rt.es,
            settings.products_alias,
            published=published,
            draft=draft,
            reranker=reranker,
            judgments=found,
        )
    for query in result.per_query:
        if query.published != query.draft:
            typer.echo(f"{query.query[:40]:<40} {query.published:.3f} -> {query.draft:.3f}")
    typer.echo(
        f"{result.queries} judged queries, ranking {reranker.name if reranker else 'bm25'}: "
        f"NDCG@10 published {result.published_ndcg:.4f}, draft {result.draft_ndcg:.4f}"
    )


@merch_app.command("suggestions")
def suggestions_command() -> None:
    """Look for suggestions in recent behaviour and list the open ones."""
    from merchandising.suggestions import list_suggestions, refresh

    with open_runtime(get_settings()) as rt, rt.session_factory() as db:
        new = refresh(db)
        typer.echo(f"{new} new suggestions")
        for row in list_suggestions(db):
            target = f" -> {row.candidate}" if row.candidate else ""
            why = f": {row.evidence}" if row.evidence else ""
            typer.echo(
                f"{row.id:>5} {row.kind:<13} {row.query}{target}  ({row.searches} searches{why})"
            )


def _refusing(action: Callable[[], T]) -> T:
    """Run a service call, or exit 2 printing why it was refused."""
    with exit_on_refusal("refused"):
        return action()
