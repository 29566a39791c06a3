"""The metrics bearer token, checked the same way on the API's /metrics and the worker's port.

prometheus_client's own HTTP server cannot check a token, so the worker serves the same
exposition app behind `guarded`, a WSGI wrapper that answers 401 without the token.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterable
from typing import Any
from wsgiref.simple_server import WSGIServer, make_server

from prometheus_client import make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer, _get_best_family, _SilentHandler

TOKEN_HINT = "send the metrics token as 'Authorization: Bearer <token>'"  # noqa: S105 - a hint


def bearer_matches(authorization: str, token: str) -> bool:
    """Say whether an Authorization header carries this bearer token (no token: anyone)."""
    if not token:
        return True
    scheme, _, given = authorization.partition(" ")
    matches = hmac.compare_digest(given.strip().encode(), token.encode())
    return scheme.lower() == "bearer" and matches


def guarded(app: Any, token: str) -> Any:
    """Wrap a WSGI app so that only requests with the bearer token reach it."""

    def check(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        if bearer_matches(environ.get("HTTP_AUTHORIZATION", ""), token):
            result: Iterable[bytes] = app(environ, start_response)
            return result
        start_response(
            "401 Unauthorized",
            [("Content-Type", "text/plain; charset=utf-8"), ("WWW-Authenticate", "Bearer")],
        )
        return [TOKEN_HINT.encode()]

    return check


def start_metrics_server(host: str, port: int, token: str) -> WSGIServer:
    """Serve the default registry's metrics on host:port behind the token, in a thread."""

    class Server(ThreadingWSGIServer):
        """This server's own class, so its address family (IPv4 or IPv6) is its own."""

    Server.address_family, addr = _get_best_family(host, port)  # type: ignore[no-untyped-call]
    app = guarded(make_wsgi_app(), token)
    server = make_server(addr, port, app, Server, handler_class=_SilentHandler)
    threading.Thread(target=server.serve_forever, daemon=True, name="metrics").start()
    return server
