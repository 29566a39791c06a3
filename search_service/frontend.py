"""Serve the built web UI: static assets, and index.html for every page route (SPA)."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from accounts.access import PUBLIC

log = logging.getLogger(__name__)

# First path segments the API owns; every other GET is a page of the single-page app.
API_ROOTS = frozenset({"api", "docs", "redoc", "openapi.json", "healthz", "readyz"})


def mount_frontend(app: FastAPI, dist: Path) -> None:
    """Serve `dist` (the Vite build) from the app, or warn if it has not been built."""
    index = dist / "index.html"
    if not index.is_file():
        log.warning("web UI not built (%s missing): run `make frontend`", index)
        return
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False, dependencies=[PUBLIC])
    def spa(path: str) -> FileResponse:
        """Return a built file if one exists at the path, else the app shell."""
        if path.split("/", 1)[0] in API_ROOTS:
            raise HTTPException(status_code=404, detail="Not Found")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(dist.resolve()):
            return FileResponse(candidate)
        return FileResponse(index)
