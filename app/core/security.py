"""Security headers on every response."""

from __future__ import annotations

import logging

from flask import Flask, Response, abort, request
from flask.logging import default_handler

CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def init_app(app: Flask) -> None:
    """Add CSP, nosniff, frame and referrer policies, and HSTS when served over HTTPS."""
    # Flask-Limiter warns when its storage (Redis) is unreachable and it counts in memory
    # meanwhile: that warning goes where the app's own log goes.
    limiter_log = logging.getLogger("flask-limiter")
    if default_handler not in limiter_log.handlers:
        limiter_log.addHandler(default_handler)

    @app.before_request
    def refuse_nul_characters():
        # PostgreSQL cannot store NUL in text; such input is never legitimate, so it is a 400
        # here rather than a database error later. In the path it names nothing that exists.
        if "\x00" in request.path:
            abort(404)
        if b"\x00" in request.query_string or b"%00" in request.query_string.lower():
            abort(400, description="Ugyldig tegn i forespørselen.")
        if request.method in ("POST", "PUT", "PATCH"):
            if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                if any("\x00" in value for value in request.form.values()):
                    abort(400, description="Ugyldig tegn i skjemaet.")
            elif request.is_json:
                raw = request.get_data(cache=True)
                if b"\\u0000" in raw or b"\x00" in raw:
                    abort(400, description="Ugyldig tegn i forespørselen.")

    @app.after_request
    def set_headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if request.is_secure or app.config.get("SESSION_COOKIE_SECURE"):
            headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        if response.mimetype in ("text/html", "application/json"):
            # Pages and API answers carry personal data: no cache keeps a copy.
            headers.setdefault("Cache-Control", "no-store")
        return response
