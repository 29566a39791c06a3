"""`.env.example` is written from the settings' descriptions and kept in step with them."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from infra import settings_example
from infra.settings_example import EXAMPLE, LEFT_OUT, render


def test_every_setting_is_described() -> None:
    undescribed = [name for name, f in Settings.model_fields.items() if not f.description]
    assert undescribed == []


def test_every_setting_but_the_refused_ones_is_listed_once() -> None:
    names = [line.split("=", 1)[0] for line in render().splitlines() if line.startswith("AISLE_")]
    expected = [f"AISLE_{n.upper()}" for n in Settings.model_fields if n not in LEFT_OUT]
    assert names == expected


def test_defaults_are_spelt_as_the_environment_takes_them() -> None:
    lines = set(render().splitlines())
    assert "AISLE_SEMANTIC=true" in lines
    assert "AISLE_ES_TIMEOUT_S=10" in lines
    assert "AISLE_VERIFY_CRON_HOUR=3" in lines
    assert "AISLE_SMTP_HOST=" in lines  # None: unset
    assert "AISLE_STATE_DIR=./.aisle" in lines
    assert "AISLE_CATALOG_PATH=../shared/data/icecat" in lines


def test_the_committed_file_is_up_to_date() -> None:
    assert EXAMPLE.read_text() == render(), "run `make env-example`"


def test_check_fails_on_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / ".env.example"
    stale.write_text(render().replace("AISLE_API_PORT=8400", "AISLE_API_PORT=1"))
    monkeypatch.setattr(settings_example, "EXAMPLE", stale)
    monkeypatch.setattr("sys.argv", ["settings_example", "--check"])
    with pytest.raises(SystemExit) as refused:
        settings_example.main()
    assert "make env-example" in str(refused.value)
