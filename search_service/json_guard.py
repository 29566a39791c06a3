"""Hostile JSON bodies: refused with a 4xx naming the problem before any route parses them.

Python's `json` reads what no other part of the stack can hold: `NaN` and `Infinity` (and
numbers like `1e400` that overflow to infinity), which the error answer itself cannot render
because JSON has no such numbers; lone surrogates (`"\\ud800"`), which are not characters and
fail when UTF-8 encoded for Postgres, Redis or Elasticsearch; NUL characters, which Postgres
cannot store in text; and nesting deep enough to exhaust the parser's recursion. A pure ASGI
middleware reads every body FastAPI would parse as JSON (`application/json` in any casing, with
parameters, and `application/*+json`), checks it once, and replays it to the app unchanged. A
body that is not JSON at all is left to the route's own validation, which names it.
"""

from __future__ import annotations

import email.message
import json
import math
import sys
from collections.abc import Iterator
from typing import Any

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from search_service.limits import NUL_MESSAGE, answer_json, error, unstorable_problem

# Levels of arrays and objects a body may nest: Aisle's deepest shape (a rule's consequence
# pins) is 4; 32 leaves room and keeps every walk over a body shallow.
MAX_JSON_DEPTH = 32
# The status of a body that parsed but holds what cannot be used (FastAPI's, for bad values).
UNPROCESSABLE = 422
NOT_UTF8 = 400


class NonFinite:
    """A number JSON cannot carry, as written in the body (NaN, Infinity, 1e400)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _constant(text: str) -> NonFinite:
    """Mark `NaN`, `Infinity` and `-Infinity` instead of reading them as floats."""
    return NonFinite(text)


def _float(text: str) -> float | NonFinite:
    """Read a float, marking one too large to be finite (`1e400` reads as infinity)."""
    value = float(text)
    return value if math.isfinite(value) else NonFinite(text)


def is_json(scope: Scope) -> bool:
    """Tell whether FastAPI would parse this request's body as JSON (by FastAPI's own rule)."""
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            message = email.message.Message()
            message["content-type"] = value.decode("latin-1")
            subtype = message.get_content_subtype()
            return message.get_content_maintype() == "application" and (
                subtype == "json" or subtype.endswith("+json")
            )
    return False


def body_problem(body: bytes) -> tuple[int, dict[str, Any]] | None:
    """Return (status, error body) for a JSON body no route could use, else None."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        msg = f"the body is not valid UTF-8 (byte {exc.start}); JSON must be UTF-8"
        return NOT_UTF8, error(["body"], msg, "invalid_encoding")
    try:
        document = json.loads(text, parse_constant=_constant, parse_float=_float)
    except RecursionError:
        return UNPROCESSABLE, _too_deep()
    except json.JSONDecodeError:
        # A raw NUL is a control character the parser refuses; say so rather than "invalid".
        if "\x00" in text:
            return UNPROCESSABLE, error(["body"], NUL_MESSAGE, "value_error")
        return None  # the route answers 422 json_invalid, with where
    except ValueError:  # an integer of more digits than Python converts (4,300)
        msg = f"a number in the body has more than {sys.get_int_max_str_digits()} digits"
        return UNPROCESSABLE, error(["body"], msg, "number_too_long")
    for loc, value in _walk(document, ["body"]):
        if isinstance(value, NonFinite):
            msg = (
                f"non-finite number {value.text} at {'.'.join(map(str, loc))}; "
                "JSON numbers must be finite"
            )
            return UNPROCESSABLE, error(loc, msg, "non_finite_number")
        if isinstance(value, str) and (found := unstorable_problem(loc, value)):
            return UNPROCESSABLE, found
    return _depth_problem(document)


def _too_deep() -> dict[str, Any]:
    """Return the error of a body nested beyond the limit."""
    msg = f"the JSON body nests more than {MAX_JSON_DEPTH} levels of arrays and objects"
    return error(["body"], msg, "too_deep")


def _depth_problem(document: Any) -> tuple[int, dict[str, Any]] | None:
    """Return the error of a document nested beyond the limit, else None."""
    # Level by level over the containers alone: after n steps, those nested n + 1 deep.
    level = [document] if isinstance(document, (dict, list)) else []
    for _ in range(MAX_JSON_DEPTH):
        if not level:
            return None
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, (dict, list))
        ]
    return None if not level else (UNPROCESSABLE, _too_deep())


def _walk(value: Any, loc: list[str | int], depth: int = 0) -> Iterator[tuple[list[Any], Any]]:
    """Yield (location, value) of every key and leaf, depth first, stopping at the limit."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            yield [*loc, key], key
            yield from _walk(item, [*loc, key], depth + 1)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, [*loc, index], depth + 1)
    else:
        yield loc, value


class JsonBodyGuardMiddleware:
    """Read a JSON body whole, refuse it if hostile, else hand the same bytes to the app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the body of a JSON request before the app sees it."""
        if scope["type"] != "http" or not is_json(scope):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        message: Message = {"type": "http.request", "more_body": True}
        try:
            while message["type"] == "http.request" and message.get("more_body", False):
                message = await receive()  # the size limit's counting receive, when it wraps us
                chunks.append(message.get("body", b""))
        except HTTPException as refused:
            # A receive that gives up (the body's deadline, its size limit) raises for FastAPI's
            # handlers to answer, but this read happens outside them: answer it here.
            await answer_json(send, refused.status_code, {"detail": refused.detail})
            return
        if message["type"] != "http.request":  # the client went away mid-body
            return
        body = b"".join(chunks)
        problem = body_problem(body) if body else None
        if problem is not None:
            await answer_json(send, problem[0], problem[1], close=False)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
