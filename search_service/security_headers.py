"""Security headers on every response: CSP, no framing, no sniffing, referrer policy, HSTS.

The built web UI has no inline script or style (Vite emits files), so its policy allows
scripts, styles, fetches and images from this origin only: product images are served through
`/api/products/{id}/image` (search_service/images), never loaded from their source host.
The API docs pages (`/docs`, `/redoc`, served outside production unless AISLE_API_DOCS says
otherwise) load Swagger UI and ReDoc from jsDelivr and start them with an inline script, so
those two paths get a looser policy of their own.

The headers are added by an ASGI wrapper around the whole middleware stack (`HeadersApp`),
outside Starlette's ServerErrorMiddleware, so even an unexpected 500 carries them. A header a
route set itself is left as it is.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

APP_CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# FastAPI's Swagger UI and ReDoc pages: CDN assets, an inline start-up script and styles,
# ReDoc's fonts and web worker. Only ever sent on the docs paths.
DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_CSP = "; ".join(
    (
        "default-src 'self'",
        f"script-src 'self' 'unsafe-inline' {DOCS_CDN}",
        f"style-src 'self' 'unsafe-inline' {DOCS_CDN} https://fonts.googleapis.com",
        "img-src 'self' data: https:",
        "font-src 'self' https://fonts.gstatic.com",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    )
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
# One year, the preload list's minimum; sent only when the site is reached over HTTPS.
HSTS = "max-age=31536000; includeSubDomains"
COMMON_HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)


class SecurityHeadersMiddleware:
    """Add the security headers to every HTTP response start."""

    def __init__(self, app: ASGIApp, *, hsts: bool) -> None:
        self.app = app
        self.fixed = COMMON_HEADERS + ((("Strict-Transport-Security", HSTS),) if hsts else ())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to its response."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if scope["path"] in DOCS_PATHS else APP_CSP

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in (("Content-Security-Policy", csp), *self.fixed):
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadersApp(FastAPI):
    """A FastAPI app whose every response, unexpected 500s included, has security headers."""

    hsts = False

    def build_middleware_stack(self) -> ASGIApp:
        """Wrap the whole stack (ServerErrorMiddleware included) in the headers middleware."""
        return SecurityHeadersMiddleware(super().build_middleware_stack(), hsts=self.hsts)
