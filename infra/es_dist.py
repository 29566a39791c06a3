"""Fetch the minimal Elasticsearch distribution from Maven Central and a JDK to run it."""

from __future__ import annotations

import os
import stat
import tempfile
import zipfile
from pathlib import Path

from core.settings import Settings
from infra import jdk, process
from infra.process import ServiceError

ARTIFACT = "org.elasticsearch.distribution.integ-test-zip:elasticsearch:{version}:zip"


def home(settings: Settings) -> Path:
    """Return where the unpacked distribution lives."""
    return settings.cache_dir / f"elasticsearch-{settings.es_version}"


def zip_path(settings: Settings) -> Path:
    """Return where Maven copies the distribution zip."""
    return settings.cache_dir / f"elasticsearch-{settings.es_version}.zip"


def ensure_jdk() -> jdk.Jdk:
    """Return a JDK >= 17, installing one from Debian when none is present."""
    found = jdk.find_jdk()
    if found is not None:
        return found
    package = next((p for p in jdk.JDK_PACKAGES if process.apt_has_package(p)), None)
    process.apt_install([package or jdk.JDK_PACKAGES[0]], "a Java runtime >= 17 for Elasticsearch")
    found = jdk.find_jdk()
    if found is None:
        raise ServiceError("no JDK >= 17 found under /usr/lib/jvm; set ES_JAVA_HOME to one")
    return found


def _ensure_maven(java: jdk.Jdk) -> str:
    return process.require_command("mvn", "maven", "Maven")


def download(settings: Settings, java: jdk.Jdk) -> Path:
    """Copy the distribution zip from Maven Central into the cache dir unless it is there."""
    target = zip_path(settings)
    if target.is_file():
        return target
    mvn = _ensure_maven(java)
    artifact = ARTIFACT.format(version=settings.es_version)
    args = [mvn, "-q", "-B", "dependency:copy", f"-Dartifact={artifact}"]
    args.append(f"-DoutputDirectory={settings.cache_dir}")
    env = {"JAVA_HOME": str(java.home)}
    proc = process.run(args, env=env, check=False, timeout=900)
    if proc.returncode != 0 or not target.is_file():
        raise ServiceError(
            f"could not fetch {artifact} from Maven Central:\n{(proc.stdout + proc.stderr)[-2000:]}"
        )
    return target


def extract(archive: Path, dest_parent: Path) -> None:
    """Unpack the zip into `dest_parent`, keeping unix permissions, via a temp dir and rename."""
    with tempfile.TemporaryDirectory(dir=dest_parent, prefix=".unpack-") as tmp:
        with zipfile.ZipFile(archive) as zf:
            for info in zf.infolist():
                path = Path(zf.extract(info, tmp))
                mode = (info.external_attr >> 16) & 0o777
                if mode and not info.is_dir():
                    path.chmod(mode | stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        for child in Path(tmp).iterdir():
            target = dest_parent / child.name
            if not target.exists():
                child.rename(target)


def ensure_installed(settings: Settings) -> tuple[Path, jdk.Jdk]:
    """Make sure the distribution is unpacked and readable; return its home and the JDK."""
    java = ensure_jdk()
    es_home = home(settings)
    if not (es_home / "bin" / "elasticsearch").is_file():
        try:
            process.make_dir(settings.cache_dir)
        except OSError as exc:
            raise ServiceError(
                f"cannot create {settings.cache_dir} ({exc.strerror}); "
                "set AISLE_CACHE_DIR to a writable directory or run as root"
            ) from exc
        extract(download(settings, java), settings.cache_dir)
        if not (es_home / "bin" / "elasticsearch").is_file():
            raise ServiceError(f"{zip_path(settings)} did not unpack into {es_home}")
        for root, dirs, _files in os.walk(es_home):
            for name in dirs:
                (Path(root) / name).chmod(0o755)  # the ES user must traverse every directory
        es_home.chmod(0o755)
    process.ensure_traversable(es_home)
    return es_home, java
