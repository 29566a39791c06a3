"""arq job of merchandising: look for suggestions in behaviour every hour."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from sqlalchemy.orm import Session

from merchandising.suggestions import refresh

log = logging.getLogger(__name__)


async def find_suggestions(ctx: dict[str, Any]) -> int:
    """Refresh the merchandisers' suggestions inbox; return how many are new."""

    def work() -> int:
        with Session(ctx["engine"]) as db:
            return refresh(db)

    found = await asyncio.to_thread(work)
    log.info("merchandising suggestions: %s new", found)
    return found
