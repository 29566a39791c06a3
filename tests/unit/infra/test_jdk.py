"""JDK version parsing and the choice of the runtime Elasticsearch starts on."""

from __future__ import annotations

from pathlib import Path

import pytest

from infra import jdk


@pytest.mark.parametrize(
    ("version", "major"),
    [
        ("1.8.0_292", 8),
        ("11.0.22", 11),
        ("17.0.15", 17),
        ("21", 21),
        ("25.0.3", 25),
        ("22-ea", 22),
        ("garbage", None),
    ],
)
def test_parse_major(version: str, major: int | None) -> None:
    assert jdk.parse_major(version) == major


def test_parse_version_text_reads_java_version_output() -> None:
    output = 'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17.0.15+6)\n'
    assert jdk.parse_version_text(output) == "17.0.15"


def test_parse_version_text_reads_release_file() -> None:
    release = 'IMPLEMENTOR="Eclipse Adoptium"\nJAVA_VERSION="25.0.3"\nJAVA_VERSION_DATE="2026"\n'
    assert jdk.parse_version_text(release) == "25.0.3"


def test_parse_version_text_without_version() -> None:
    assert jdk.parse_version_text("no java here") is None


def make(major: int, name: str | None = None) -> jdk.Jdk:
    return jdk.Jdk(home=Path(f"/usr/lib/jvm/{name or major}"), major=major, version=f"{major}.0.1")


def test_choose_prefers_lts_over_newer() -> None:
    assert jdk.choose([make(25), make(17), make(11)]) == make(17)


def test_choose_prefers_21_over_17() -> None:
    assert jdk.choose([make(17), make(21), make(25)]) == make(21)


def test_choose_falls_back_to_oldest_usable_non_lts() -> None:
    assert jdk.choose([make(25), make(23), make(11)]) == make(23)


def test_choose_rejects_old_runtimes() -> None:
    assert jdk.choose([make(8), make(11)]) is None
    assert jdk.choose([]) is None


def fake_jdk(root: Path, name: str, version: str) -> Path:
    home = root / name
    (home / "bin").mkdir(parents=True)
    java = home / "bin" / "java"
    java.write_text("#!/bin/sh\nexit 1\n")
    java.chmod(0o755)
    (home / "release").write_text(f'JAVA_VERSION="{version}"\n')
    return home


def test_find_jdk_scans_jvm_root_and_dedupes_symlinks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.delenv("ES_JAVA_HOME", raising=False)
    fake_jdk(tmp_path, "temurin-25", "25.0.3")
    seventeen = fake_jdk(tmp_path, "java-17-openjdk", "17.0.15")
    (tmp_path / "java-1.17.0-openjdk").symlink_to(seventeen)
    (tmp_path / "not-a-jdk").mkdir()

    assert len(jdk.candidate_homes(tmp_path)) == 3
    found = jdk.find_jdk(tmp_path)
    assert found is not None
    assert (found.home, found.major) == (seventeen.resolve(), 17)


def test_find_jdk_considers_java_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = fake_jdk(tmp_path / "opt", "jdk-21", "21.0.2")
    monkeypatch.setenv("JAVA_HOME", str(elsewhere))
    monkeypatch.delenv("ES_JAVA_HOME", raising=False)
    fake_jdk(tmp_path / "jvm", "jdk-11", "11.0.22")

    found = jdk.find_jdk(tmp_path / "jvm")
    assert found is not None
    assert found.major == 21


def test_probe_ignores_homes_without_java(tmp_path: Path) -> None:
    assert jdk.probe(tmp_path) is None
