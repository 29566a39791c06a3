"""Redis down: sign-in fails closed. SMTP: delivered, or kept pending for a retry."""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from accounts.mail import MAX_ATTEMPTS, deliver_pending
from catalog.schemas import ProductIn
from catalog.service import import_products
from core.settings import Settings
from search_service.app import create_app
from tests.fixtures.accounts import PASSWORD, Browser, make_user
from tests.fixtures.services import free_port, reset_catalog

EMAIL = "ann@example.com"


def test_sign_in_fails_closed_when_redis_is_down(
    settings: Settings, session_factory: sessionmaker[Session], engine: Engine
) -> None:
    make_user(session_factory, settings, EMAIL)
    reset_catalog(engine)
    import_products([ProductIn(sku="R1", title="Radio")], session_factory=session_factory)
    dead = settings.model_copy(update={"redis_port": free_port()})
    with TestClient(create_app(dead)) as client:
        b = Browser(client.app)  # type: ignore[arg-type]
        refused = b.sign_in(EMAIL)
        assert refused.status_code == 503
        assert "session store cannot be reached" in refused.json()["detail"][0]["msg"]
        assert "aisle_session" not in refused.headers.get("set-cookie", "")
        b.client.cookies.set("aisle_session", "some-session", domain="testserver.local")
        assert b.get("/api/account").status_code == 503  # not 200, and not silently anonymous
        # Shopping without an account still works; history is skipped, not fatal.
        assert b.get("/api/products/1").status_code == 200


class SmtpSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept messages and keep them."""

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ready")
        data: list[str] | None = None
        while raw := self.rfile.readline():
            line = raw.decode().rstrip("\r\n")
            if data is not None:
                if line == ".":
                    self.server.messages.append("\n".join(data))  # type: ignore[attr-defined]
                    data = None
                    self.reply("250 queued")
                else:
                    data.append(line[1:] if line.startswith("..") else line)
                continue
            verb = line[:4].upper()
            if verb == "EHLO":
                self.reply("250-sink")
                self.reply("250 8BITMIME")
            elif verb == "DATA":
                data = []
                self.reply("354 end with .")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


@pytest.fixture()
def smtp_sink() -> Iterator[tuple[int, list[str]]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpSink)
    server.messages = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], server.messages  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def smtp_settings(settings: Settings, port: int) -> Settings:
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_starttls": False,
            "smtp_timeout_s": 2.0,
        }
    )


def mail_rows(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM mail_messages ORDER BY id")).mappings()
        return [dict(row) for row in rows]


def test_with_smtp_mail_is_sent_and_no_copy_is_kept(
    settings: Settings, smtp_sink: tuple[int, list[str]], engine: Engine
) -> None:
    port, received = smtp_sink
    with TestClient(create_app(smtp_settings(settings, port))) as client:
        b = Browser(client.app)  # type: ignore[arg-type]
        b.post("/api/auth/sign-up", {"email": EMAIL, "password": PASSWORD, "display_name": "Ann"})
    assert len(received) == 1 and "/verify-email?token=" in received[0].replace("=\n", "")
    assert f"To: {EMAIL}" in received[0]
    [row] = mail_rows(engine)
    assert (row["transport"], row["status"], row["body"]) == ("smtp", "sent", None)


def test_an_smtp_outage_keeps_mail_for_retries_then_marks_it_failed(
    settings: Settings, engine: Engine, session_factory: sessionmaker[Session]
) -> None:
    down = smtp_settings(settings, free_port())
    with TestClient(create_app(down)) as client:
        b = Browser(client.app)  # type: ignore[arg-type]
        answer = b.post(
            "/api/auth/sign-up", {"email": EMAIL, "password": PASSWORD, "display_name": "Ann"}
        )
    assert answer.status_code == 202  # the account exists; its mail waits
    [row] = mail_rows(engine)
    assert row["status"] == "pending" and row["attempts"] == 1 and row["last_error"]
    assert "/verify-email?token=" in str(row["body"])
    for _ in range(MAX_ATTEMPTS - 1):
        assert deliver_pending(session_factory, down) == 0
    [row] = mail_rows(engine)
    assert row["status"] == "failed" and row["attempts"] == MAX_ATTEMPTS
