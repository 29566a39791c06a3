"""At sign-in, the account claims what its browser did anonymously before it.

A shopper often searches and adds to cart before signing in to check out. Checkout credits
each line to the search behind the account's latest add-to-cart of that product, so the
anonymous events of the browser must carry the account's user id from the sign-in on.
Only events nobody has claimed are stamped: on a shared browser, what the previous account
did stays theirs. The served queries are left as they were served: their shopper (anonymous
or user) is the experiment's unit of assignment at the time, and the credit reaches the
search through the add-to-cart's query_id.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from behaviour.models import Event


def claim_anonymous_events(db: Session, *, anonymous_id: str, user_id: int) -> None:
    """Stamp the user on the browser's unclaimed events, in the sign-in's transaction."""
    db.execute(
        update(Event)
        .where(Event.anonymous_id == anonymous_id, Event.user_id.is_(None))
        .values(user_id=user_id)
    )
