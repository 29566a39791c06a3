"""The whole-body deadline: a stalled body gets 408; a finished body is never timed again."""

from __future__ import annotations

import asyncio
import json

from starlette.types import Message, Receive, Scope, Send

from search_service.body_timeout import BodyTimeoutMiddleware

SCOPE: Scope = {"type": "http", "method": "POST", "path": "/x", "headers": []}


async def reading_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Read the whole body, then wait for the disconnect while 'streaming' (0.3 s)."""
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": []})
    waiter = asyncio.ensure_future(receive())  # what Starlette does to notice a disconnect
    await asyncio.sleep(0.3)
    assert not waiter.done(), "the wait for a disconnect was timed out"
    waiter.cancel()
    await send({"type": "http.response.body", "body": b"done"})


def run(app: BodyTimeoutMiddleware, messages: list[tuple[float, Message]]) -> list[Message]:
    """Serve one request whose body messages arrive after the given pauses; return the answer."""
    sent: list[Message] = []

    async def receive() -> Message:
        if messages:
            pause, message = messages.pop(0)
            await asyncio.sleep(pause)
            return message
        await asyncio.sleep(3600)  # the client stays connected
        raise AssertionError("unreachable")

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(SCOPE, receive, send))
    return sent


def chunk(body: bytes, more: bool) -> Message:
    return {"type": "http.request", "body": body, "more_body": more}


def test_a_body_that_stalls_gets_408_and_closes() -> None:
    sent = run(BodyTimeoutMiddleware(reading_app, 0.2), [(0, chunk(b"{", True))])
    assert sent[0]["status"] == 408
    assert (b"connection", b"close") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["detail"][0]["type"] == "body_timeout"


def test_the_deadline_covers_the_whole_body_not_each_chunk() -> None:
    trickle = [(0.05, chunk(b"x", True)) for _ in range(10)] + [(0.05, chunk(b"", False))]
    sent = run(BodyTimeoutMiddleware(reading_app, 0.2), trickle)
    assert sent[0]["status"] == 408


def test_once_the_body_is_in_waiting_for_a_disconnect_is_not_timed() -> None:
    sent = run(BodyTimeoutMiddleware(reading_app, 0.1), [(0, chunk(b"{}", False))])
    assert [m.get("status") for m in sent] == [200, None]
    assert sent[1]["body"] == b"done"


def test_an_app_that_never_reads_its_body_is_not_timed() -> None:
    async def ignoring_app(scope: Scope, receive: Receive, send: Send) -> None:
        await asyncio.sleep(0.2)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    sent = run(BodyTimeoutMiddleware(ignoring_app, 0.05), [(0, chunk(b"{", True))])
    assert sent[0]["status"] == 204
