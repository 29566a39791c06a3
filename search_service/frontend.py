"""Serve the built web UI: hashed assets compressed and cached for good, index.html for every
page route (SPA), never cached.

Vite names every file under /assets by a hash of its content, so a new build has new names:
browsers may keep them for a year (`immutable`: not even revalidated). The app shell,
index.html, names the current build's assets, so it is revalidated on every load (`no-cache`).
The build writes `.br` and `.gz` copies of each text asset next to it
(frontend/scripts/compress.mjs); the one the browser accepts is sent as it is, so nothing is
compressed per request. Source maps are not built for production and never served.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import Scope

from accounts.access import PUBLIC

log = logging.getLogger(__name__)

# First path segments the API owns; every other GET is a page of the single-page app.
API_ROOTS = frozenset({"api", "docs", "redoc", "openapi.json", "healthz", "readyz"})
# Where the hashed build assets are served (a prefix: the mount's path and a slash).
ASSETS_PREFIX = "/assets/"
IMMUTABLE = "public, max-age=31536000, immutable"
SHELL_CACHE = "no-cache"
# Preferred first: brotli is a fifth smaller than gzip on the bundle.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
# Files the build may leave that are not for browsers: source maps and precompressed copies
# (those are sent only as the encoding of their original).
HIDDEN_SUFFIXES = (".map", ".br", ".gz")


def accepted_encodings(header: str) -> set[str]:
    """Return the content codings an Accept-Encoding header accepts (q=0 means refused)."""
    accepted = set()
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        if coding and not (params and quality.strip() in ("0", "0.0", "0.00", "0.000")):
            accepted.add(coding.strip().lower())
    return accepted


class AssetFiles(StaticFiles):
    """Hashed build assets: precompressed when the browser accepts it, cached immutably."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """Return the asset (or its compressed copy) with long-lived cache headers."""
        if path.endswith(HIDDEN_SUFFIXES):
            raise HTTPException(status_code=404, detail="Not Found")
        # The original first: it checks the method and the path, and must exist itself.
        response = await super().get_response(path, scope)
        if response.status_code == 200:
            response = self._compressed(path, scope) or response
        if response.status_code in (200, 304):
            response.headers["Cache-Control"] = IMMUTABLE
            response.headers["Vary"] = "Accept-Encoding"
        return response

    def _compressed(self, path: str, scope: Scope) -> Response | None:
        """Return the precompressed copy the request accepts, or None to send the original."""
        accepted = accepted_encodings(Headers(scope=scope).get("accept-encoding", ""))
        for coding, suffix in ENCODINGS:
            if coding not in accepted:
                continue
            full_path, stat_result = self.lookup_path(path + suffix)
            if stat_result is None:
                continue
            response = self.file_response(full_path, stat_result, scope)
            # Typed as the original file, encoded as the copy.
            media_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
            response.headers["Content-Type"] = media_type
            response.headers["Content-Encoding"] = coding
            return response
        return None


def mount_frontend(app: FastAPI, dist: Path) -> None:
    """Serve `dist` (the Vite build) from the app, or warn if it has not been built."""
    index = dist / "index.html"
    if not index.is_file():
        log.warning("web UI not built (%s missing): run `make frontend`", index)
        return
    if (dist / "assets").is_dir():
        app.mount(ASSETS_PREFIX.rstrip("/"), AssetFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False, dependencies=[PUBLIC])
    def spa(path: str) -> FileResponse:
        """Return a built file if one exists at the path, else the app shell."""
        if path.split("/", 1)[0] in API_ROOTS or path.endswith(HIDDEN_SUFFIXES):
            raise HTTPException(status_code=404, detail="Not Found")
        candidate = (dist / path).resolve()
        inside = candidate.is_relative_to(dist.resolve()) and candidate != index.resolve()
        if path and inside and candidate.is_file():
            return FileResponse(candidate)
        return FileResponse(index, headers={"Cache-Control": SHELL_CACHE})
