"""Database engine, session factory and the declarative base every model shares."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Connection, Engine, ExceptionContext
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from core.metrics import observe_backend
from core.settings import Settings

# Stable constraint names so Alembic migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of all Aisle tables."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(settings: Settings, *, pool_size: int = 10) -> Engine:
    """Create the Postgres engine with pool sizes that suit a small machine, statements timed."""
    engine = create_engine(
        settings.database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=5,
        # A hung statement must not pin a worker forever; statement_timeout in ms.
        connect_args={"connect_timeout": 5, "options": "-c statement_timeout=30000"},
    )
    time_statements(engine)
    return engine


# The statement kinds worth telling apart; everything else (WITH, SET, DDL ...) is "other".
_SQL_OPERATIONS = frozenset({"select", "insert", "update", "delete"})
_STARTED = "aisle_statement_started"


_FIRST_WORD = re.compile(r"[\s(]*([A-Za-z]+)")


def sql_operation(statement: str) -> str:
    """Return the first SQL keyword of a statement if it is a plain read or write, else other."""
    match = _FIRST_WORD.match(statement)
    keyword = match.group(1).lower() if match else ""
    return keyword if keyword in _SQL_OPERATIONS else "other"


def time_statements(engine: Engine) -> None:
    """Record every statement's duration (and each failure) in the backend metrics."""

    @event.listens_for(engine, "before_cursor_execute")
    def started(conn: Connection, cursor: Any, statement: str, *_: Any) -> None:
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def finished(conn: Connection, cursor: Any, statement: str, *_: Any) -> None:
        stack = conn.info.get(_STARTED)
        if stack:
            elapsed = time.perf_counter() - stack.pop()
            observe_backend("postgres", sql_operation(statement), elapsed, failed=False)

    @event.listens_for(engine, "handle_error")
    def failed(context: ExceptionContext) -> None:
        if context.statement is None:  # connecting, committing or rolling back failed
            operation = "connect" if context.connection is None else "other"
            observe_backend("postgres", operation, 0.0, failed=True)
            return
        elapsed = 0.0
        try:
            stack = context.connection.info.get(_STARTED) if context.connection else None
            if stack:
                elapsed = time.perf_counter() - stack.pop()
        except Exception:  # noqa: S110 - an invalidated connection may refuse; time is a nicety
            pass
        observe_backend("postgres", sql_operation(context.statement), elapsed, failed=True)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Return a session factory bound to the engine."""
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Yield a session that commits on success and rolls back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
