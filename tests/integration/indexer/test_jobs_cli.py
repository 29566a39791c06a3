"""`aisle index` and `aisle jobs` on the command line, recorded like the API's jobs."""

from __future__ import annotations

import re

from elasticsearch import Elasticsearch
from sqlalchemy import text
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from core.settings import Settings
from indexer import versions
from search_service.cli import app as aisle

runner = CliRunner()


def test_cli_rebuild_is_recorded_and_listed(
    indexed_catalog: int, engine: Engine, es: Elasticsearch, settings: Settings
) -> None:
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE jobs"))
    result = runner.invoke(aisle, ["index", "rebuild"])
    assert result.exit_code == 0, result.output
    live = versions.live_index(es, settings.products_alias)
    assert f"{live} is live ({indexed_catalog} documents" in result.output
    listed = runner.invoke(aisle, ["jobs", "list", "--kind", "rebuild"])
    assert re.search(r"rebuild\s+succeeded\s+done", listed.output), listed.output
    assert "cli" in listed.output and "1 of 1 jobs" in listed.output
    job_id = listed.output.split()[0]
    shown = runner.invoke(aisle, ["jobs", "show", job_id])
    assert f'"documents": {indexed_catalog}' in shown.output
    finished = runner.invoke(aisle, ["jobs", "cancel", job_id])
    assert finished.exit_code == 2 and "already succeeded" in finished.output
    missing = runner.invoke(aisle, ["jobs", "show", "999999"])
    assert missing.exit_code == 2 and "no job with id 999999" in missing.output


def test_cli_rollback_to_a_named_version(
    indexed_catalog: int, es: Elasticsearch, settings: Settings
) -> None:
    runner.invoke(aisle, ["index", "rebuild"])
    kept = versions.list_versions(es, settings.products_alias)
    older = next(v.name for v in kept if v.complete and not v.live)
    result = runner.invoke(aisle, ["index", "rollback", "--to", older])
    assert result.exit_code == 0 and older in result.output
    assert versions.live_index(es, settings.products_alias) == older
    bad = runner.invoke(aisle, ["index", "rollback", "--to", "nope"])
    assert bad.exit_code == 2 and "choose from" in bad.output
