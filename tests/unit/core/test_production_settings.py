"""Production refuses to start without its secrets; development gets a secret of its own."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from core.metrics_auth import start_metrics_server
from core.settings import PLACEHOLDER_SECRET, Settings

REAL_SECRET = "a-long-random-production-secret-0123456789"


def production(**values: object) -> Settings:
    """Build production settings from these values alone (no environment, no .env)."""
    return Settings(_env_file=None, environment="production", **values)  # type: ignore[arg-type]


def test_production_refuses_to_start_without_a_metrics_token() -> None:
    with pytest.raises(ValidationError, match="AISLE_METRICS_TOKEN must be set in production"):
        production(secret_key=REAL_SECRET)
    with pytest.raises(ValidationError, match="AISLE_METRICS_TOKEN"):
        production(secret_key=REAL_SECRET, metrics_token="")


def test_production_refuses_a_missing_or_placeholder_secret() -> None:
    for secret in ("", PLACEHOLDER_SECRET):
        with pytest.raises(ValidationError, match="AISLE_SECRET_KEY must be set"):
            production(secret_key=secret, metrics_token="scrape")


def test_production_refuses_image_fetches_from_private_addresses() -> None:
    with pytest.raises(ValidationError, match="AISLE_IMAGE_ALLOW_PRIVATE"):
        production(secret_key=REAL_SECRET, metrics_token="scrape", image_allow_private=True)
    assert not production(secret_key=REAL_SECRET, metrics_token="scrape").image_allow_private


def test_production_with_its_secrets_turns_docs_off_and_hsts_on_behind_https() -> None:
    settings = production(
        secret_key=REAL_SECRET, metrics_token="scrape", public_url="https://shop.example"
    )
    assert settings.secret_key == REAL_SECRET
    assert not settings.docs_served and settings.hsts
    plain = production(secret_key=REAL_SECRET, metrics_token="scrape")
    assert not plain.hsts  # reached over http: HSTS would be ignored, or lock a site out
    docs = production(secret_key=REAL_SECRET, metrics_token="scrape", api_docs=True)
    assert docs.docs_served


def test_development_makes_one_random_secret_per_install(tmp_path: Path) -> None:
    first = Settings(_env_file=None, environment="development", state_dir=tmp_path / "a")
    again = Settings(_env_file=None, environment="development", state_dir=tmp_path / "a")
    other = Settings(_env_file=None, environment="development", state_dir=tmp_path / "b")
    assert first.secret_key != PLACEHOLDER_SECRET and len(first.secret_key) >= 32
    assert again.secret_key == first.secret_key  # API, worker and CLI agree
    assert other.secret_key != first.secret_key
    stored = tmp_path / "a" / "secret_key"
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert first.docs_served and not first.hsts


def test_development_keeps_a_secret_it_is_given_and_refuses_a_broken_file(
    tmp_path: Path,
) -> None:
    given = Settings(
        _env_file=None, environment="development", secret_key="mine", state_dir=tmp_path
    )
    assert given.secret_key == "mine" and not (tmp_path / "secret_key").exists()
    (tmp_path / "secret_key").write_text("short\n")
    with pytest.raises(ValidationError, match="holds no usable secret"):
        Settings(_env_file=None, environment="development", state_dir=tmp_path)


def test_tests_sign_with_the_fixed_placeholder(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, environment="test", state_dir=tmp_path)
    assert settings.secret_key == PLACEHOLDER_SECRET
    assert not (tmp_path / "secret_key").exists()


def test_the_worker_metrics_port_asks_for_the_same_token() -> None:
    server = start_metrics_server("127.0.0.1", 0, "scrape-secret")
    url = f"http://127.0.0.1:{server.server_port}/metrics"
    try:
        assert httpx.get(url).status_code == 401
        assert httpx.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401
        allowed = httpx.get(url, headers={"Authorization": "Bearer scrape-secret"})
        assert allowed.status_code == 200 and "python_info" in allowed.text
    finally:
        server.shutdown()
        server.server_close()
    open_server = start_metrics_server("127.0.0.1", 0, "")  # development: no token set
    try:
        assert httpx.get(f"http://127.0.0.1:{open_server.server_port}/metrics").status_code == 200
    finally:
        open_server.shutdown()
        open_server.server_close()


def test_aisle_serve_in_production_without_a_metrics_token_exits_naming_it(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AISLE_")}
    env.update(AISLE_ENVIRONMENT="production", AISLE_SECRET_KEY=REAL_SECRET)
    done = subprocess.run(
        [sys.executable, "-m", "search_service", "serve", "--port", "1"],
        env=env,
        cwd=tmp_path,  # no .env file here
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "AISLE_METRICS_TOKEN must be set in production" in done.stderr
    assert "Traceback" not in done.stderr
