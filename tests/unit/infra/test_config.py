"""Rendering of the Postgres, Redis and Elasticsearch configs from settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings
from infra import elasticsearch, postgres, redis_server


@pytest.fixture()
def settings(tmp_path: Path) -> Settings:
    return Settings(
        state_dir=tmp_path / "state",
        cache_dir=tmp_path / "cache",
        pg_port=15432,
        pg_user="shop",
        pg_password="it's-secret",
        pg_database="shopdb",
        redis_port=16379,
        es_port=19201,
        es_transport_port=19301,
        es_heap="512m",
    )


def parse_lines(text: str, sep: str) -> dict[str, str]:
    pairs = (line.split(sep, 1) for line in text.splitlines() if line and not line.startswith("#"))
    return {key.strip(): value.strip() for key, value in pairs}


def test_postgres_conf_listens_on_loopback_and_the_configured_port(settings: Settings) -> None:
    conf = parse_lines(postgres.render_conf(settings), "=")
    assert conf["listen_addresses"] == "'127.0.0.1'"
    assert conf["port"] == "15432"
    assert conf["unix_socket_directories"] == f"'{settings.state_dir / 'run' / 'postgres'}'"
    assert conf["shared_buffers"] == "256MB"


def test_bootstrap_sql_creates_role_and_both_databases(settings: Settings) -> None:
    sql = postgres.render_bootstrap_sql(settings)
    assert "format('CREATE ROLE %I', 'shop')" in sql
    assert "'it''s-secret'" in sql  # quotes are doubled, never closing the literal
    assert "format('CREATE DATABASE %I OWNER %I', 'shopdb', 'shop')" in sql
    assert "format('CREATE DATABASE %I OWNER %I', 'shopdb_test', 'shop')" in sql
    assert sql.count("\\gexec") == 4


def test_quote_literal_doubles_quotes() -> None:
    assert postgres.quote_literal("O'Brien") == "'O''Brien'"


def test_find_bin_dir_prefers_the_clusters_major(settings: Settings, tmp_path: Path) -> None:
    root = tmp_path / "pg"
    for major in ("13", "15", "16"):
        (root / major / "bin").mkdir(parents=True)
        (root / major / "bin" / "postgres").touch()
    assert postgres.find_bin_dir(settings, root) == root / "16" / "bin"

    postgres.data_dir(settings).mkdir(parents=True)
    (postgres.data_dir(settings) / "PG_VERSION").write_text("15\n")
    assert postgres.find_bin_dir(settings, root) == root / "15" / "bin"


def test_find_bin_dir_without_postgres(settings: Settings, tmp_path: Path) -> None:
    assert postgres.find_bin_dir(settings, tmp_path / "missing") is None


def test_redis_conf_is_loopback_append_only_and_in_the_state_dir(settings: Settings) -> None:
    conf = parse_lines(redis_server.render_conf(settings), " ")
    assert conf["bind"] == "127.0.0.1"
    assert conf["port"] == "16379"
    assert conf["appendonly"] == "yes"
    assert conf["daemonize"] == "yes"
    assert conf["dir"] == f'"{settings.state_dir / "redis" / "data"}"'
    assert conf["logfile"] == f'"{settings.state_dir / "logs" / "redis.log"}"'


def test_elasticsearch_yml_is_single_node_without_security(settings: Settings) -> None:
    yml = parse_lines(elasticsearch.render_yml(settings), ":")
    assert yml["discovery.type"] == "single-node"
    assert yml["network.host"] == "127.0.0.1"
    assert yml["http.port"] == "19201"
    assert yml["transport.port"] == "19301"
    assert yml["xpack.security.enabled"] == "false"
    assert yml["path.data"] == str(settings.state_dir / "elasticsearch" / "data")
    assert yml["path.logs"] == str(settings.state_dir / "logs" / "elasticsearch")


def test_elasticsearch_env_uses_es_java_home_and_heap(settings: Settings) -> None:
    env = elasticsearch.render_env(settings, Path("/opt/es"), Path("/usr/lib/jvm/java-17"))
    assert env["ES_JAVA_HOME"] == "/usr/lib/jvm/java-17"
    assert "JAVA_HOME" not in env
    assert env["ES_JAVA_OPTS"] == "-Xms512m -Xmx512m"
    assert env["ES_PATH_CONF"] == str(settings.state_dir / "elasticsearch" / "config")
    assert env["ES_TMPDIR"] == str(settings.state_dir / "elasticsearch" / "tmp")
