"""One log format for every Aisle process."""

from __future__ import annotations

import logging


def configure_logging(level: int = logging.INFO) -> None:
    """Send Aisle's own log records (not only uvicorn's) to stderr with timestamps."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
