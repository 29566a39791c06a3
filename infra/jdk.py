"""Find a JDK that Elasticsearch 8.19 runs on: 17+, preferring the LTS majors it is tested with."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

MIN_MAJOR = 17
# ES 8.19 is tested on these LTS releases; newer JDKs usually work but are a second choice.
PREFERRED_MAJORS = (21, 17)
JVM_ROOT = Path("/usr/lib/jvm")
# Debian packages to try, in order, when no usable JDK is installed.
JDK_PACKAGES = ("openjdk-17-jre-headless", "openjdk-21-jre-headless", "default-jre-headless")

_VERSION_RE = re.compile(r'version\s+"([^"]+)"|JAVA_VERSION="([^"]+)"')


@dataclass(frozen=True)
class Jdk:
    """One installed Java runtime."""

    home: Path
    major: int
    version: str


def parse_major(version: str) -> int | None:
    """Return the major version of a Java version string ("1.8.0_292" -> 8, "21.0.2" -> 21)."""
    match = re.match(r"(\d+)(?:\.(\d+))?", version.strip())
    if match is None:
        return None
    first = int(match.group(1))
    if first == 1 and match.group(2) is not None:
        return int(match.group(2))
    return first


def parse_version_text(text: str) -> str | None:
    """Return the version in `java -version` output or a JDK `release` file."""
    match = _VERSION_RE.search(text)
    if match is None:
        return None
    return match.group(1) or match.group(2)


def probe(home: Path) -> Jdk | None:
    """Return the JDK at `home`, reading its `release` file or running `bin/java -version`."""
    java = home / "bin" / "java"
    if not os.access(java, os.X_OK):
        return None
    version: str | None = None
    release = home / "release"
    if release.is_file():
        version = parse_version_text(release.read_text(errors="replace"))
    if version is None:
        try:
            proc = subprocess.run(
                [str(java), "-version"], capture_output=True, text=True, timeout=30, check=False
            )
        except (OSError, subprocess.TimeoutExpired):
            return None
        version = parse_version_text(proc.stderr + proc.stdout)
    major = parse_major(version) if version else None
    if version is None or major is None:
        return None
    return Jdk(home=home.resolve(), major=major, version=version)


def candidate_homes(jvm_root: Path = JVM_ROOT) -> list[Path]:
    """Return JAVA_HOME, ES_JAVA_HOME and every directory under /usr/lib/jvm, deduplicated."""
    homes: list[Path] = []
    for var in ("ES_JAVA_HOME", "JAVA_HOME"):
        value = os.environ.get(var)
        if value:
            homes.append(Path(value))
    if jvm_root.is_dir():
        homes.extend(sorted(p for p in jvm_root.iterdir() if p.is_dir()))
    seen: set[Path] = set()
    unique: list[Path] = []
    for home in homes:
        real = home.resolve()
        if real not in seen:
            seen.add(real)
            unique.append(home)
    return unique


def choose(jdks: Iterable[Jdk]) -> Jdk | None:
    """Pick the best JDK: a preferred LTS major first, else the oldest major that is >= 17."""
    usable = [jdk for jdk in jdks if jdk.major >= MIN_MAJOR]
    if not usable:
        return None

    def rank(jdk: Jdk) -> tuple[int, int]:
        if jdk.major in PREFERRED_MAJORS:
            return (0, PREFERRED_MAJORS.index(jdk.major))
        return (1, jdk.major)

    return min(usable, key=rank)


def find_jdk(jvm_root: Path = JVM_ROOT) -> Jdk | None:
    """Return the best installed JDK for Elasticsearch, or None when there is none."""
    found = (probe(home) for home in candidate_homes(jvm_root))
    return choose(jdk for jdk in found if jdk is not None)
