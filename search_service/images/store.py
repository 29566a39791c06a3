"""The on-disk image cache: one file per source address, a size cap, and remembered failures.

Each cached image is one file named by the SHA-256 of its source address, holding a header
line ("<content type> <etag>") and then the bytes; it is written to a temporary name and
renamed, so a reader never sees half an image. When the files add up to more than the cap,
the oldest written go first. A source that failed leaves a `.miss` file whose age says when
it may be tried again, so a dead host is not fetched on every page view, by any process.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from search_service.images.fetch import FetchedImage

IMAGE_SUFFIX = ".img"
MISS_SUFFIX = ".miss"
# Eviction trims to this share of the cap, so a full cache is not trimmed on every write.
TRIM_TO = 0.9


@dataclass(frozen=True)
class StoredImage:
    """A cached image ready to serve."""

    content_type: str
    etag: str
    body: bytes


class ImageStore:
    """Cached images and recent failures under one directory."""

    def __init__(self, root: Path, *, cap_bytes: int, failure_ttl_s: float) -> None:
        self.root = root
        self.cap_bytes = cap_bytes
        self.failure_ttl_s = failure_ttl_s

    def _path(self, url: str, suffix: str) -> Path:
        """Return where the entry for `url` lives."""
        return self.root / (hashlib.sha256(url.encode()).hexdigest() + suffix)

    def get(self, url: str) -> StoredImage | None:
        """Return the cached image for `url`, or None."""
        try:
            data = self._path(url, IMAGE_SUFFIX).read_bytes()
        except FileNotFoundError:
            return None
        header, _, body = data.partition(b"\n")
        content_type, _, etag = header.decode("ascii", "replace").partition(" ")
        return StoredImage(content_type, etag, body) if etag and body else None

    def put(self, url: str, image: FetchedImage) -> StoredImage:
        """Cache an image fetched from `url` (forgetting any failure) and return it."""
        self.root.mkdir(parents=True, exist_ok=True)
        etag = '"' + hashlib.sha256(image.body).hexdigest()[:32] + '"'
        path = self._path(url, IMAGE_SUFFIX)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(f"{image.content_type} {etag}\n".encode("ascii") + image.body)
        os.replace(temporary, path)
        self._path(url, MISS_SUFFIX).unlink(missing_ok=True)
        self._trim()
        return StoredImage(image.content_type, etag, image.body)

    def failed_recently(self, url: str) -> bool:
        """Say whether fetching `url` failed less than failure_ttl_s ago."""
        try:
            age = time.time() - self._path(url, MISS_SUFFIX).stat().st_mtime
        except FileNotFoundError:
            return False
        return age < self.failure_ttl_s

    def remember_failure(self, url: str) -> None:
        """Note that fetching `url` just failed."""
        self.root.mkdir(parents=True, exist_ok=True)
        self._path(url, MISS_SUFFIX).touch()

    def _trim(self) -> None:
        """Remove the oldest images (and stale failures) while the cache is over its cap."""
        entries: list[tuple[float, int, Path]] = []
        now = time.time()
        for entry in os.scandir(self.root):
            stat = entry.stat()
            if entry.name.endswith(MISS_SUFFIX) and now - stat.st_mtime > self.failure_ttl_s:
                Path(entry.path).unlink(missing_ok=True)
            elif entry.name.endswith(IMAGE_SUFFIX):
                entries.append((stat.st_mtime, stat.st_size, Path(entry.path)))
        total = sum(size for _, size, _ in entries)
        if total <= self.cap_bytes:
            return
        for _, size, path in sorted(entries):
            path.unlink(missing_ok=True)
            total -= size
            if total <= self.cap_bytes * TRIM_TO:
                return
