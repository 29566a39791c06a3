"""arq jobs of accounts: retry queued SMTP mail."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.engine import Engine

from accounts.mail import deliver_pending
from core.db import make_session_factory
from core.settings import Settings


async def deliver_mail(ctx: dict[str, Any]) -> int:
    """Send queued SMTP mail that the API could not send at once; return how many went out."""
    settings: Settings = ctx["settings"]
    engine: Engine = ctx["engine"]
    return await asyncio.to_thread(deliver_pending, make_session_factory(engine), settings)
