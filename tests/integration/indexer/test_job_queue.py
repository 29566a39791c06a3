"""Submitting jobs: a dead queue fails clearly, and the record says the job never ran."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.api_tokens import create_api_token
from accounts.models import Role
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import make_user, reset_accounts
from tests.fixtures.services import free_port


def test_a_dead_queue_answers_503_and_records_the_failure(
    engine: Engine, session_factory: sessionmaker[Session], settings: Settings
) -> None:
    reset_accounts(engine)
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE jobs"))
    admin_id = make_user(session_factory, settings, "ops@example.com", role=Role.ADMIN)
    with session_factory() as db:
        _, token = create_api_token(db, user_id=admin_id, name="ops", expires_in_days=None)
    dead = settings.model_copy(update={"redis_port": free_port()})
    with TestClient(create_app(dead), headers={"authorization": f"Bearer {token}"}) as client:
        response = client.post("/api/admin/index/rebuild")
        assert response.status_code == 503
        assert "job queue" in response.json()["detail"][0]["msg"]
    with engine.connect() as connection:
        jobs = connection.execute(text("SELECT status, error FROM jobs")).all()
    # The queue could not even be opened, so nothing was recorded as queued (or at all).
    assert jobs == []
