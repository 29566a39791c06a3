"""The API's OpenAPI document as committed for the web UI's generated client (`make api-client`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from core.settings import Settings
from search_service.app import create_app

# The committed copy the frontend's types are generated from; tests/unit checks it is current.
COMMITTED = Path(__file__).resolve().parent.parent / "frontend" / "src" / "api" / "openapi.json"


def openapi_document() -> dict[str, Any]:
    """Return `app.openapi()` of an app built with the default settings (no .env file)."""
    return create_app(Settings(_env_file=None)).openapi()


def render(document: dict[str, Any]) -> str:
    """Return the document as committed: indented, key order kept, newline-ended."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> None:
    """Write the document to argv[0], or to the committed path."""
    target = Path(argv[0]) if argv else COMMITTED
    target.write_text(render(openapi_document()), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
