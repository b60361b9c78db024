"""Domain errors raised by operations and the HTTP error pages."""

from __future__ import annotations

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A rule was broken; `field` names the input it concerns (or None for the whole form)."""

    status_code = 422

    def __init__(self, field: str | None, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.code = code


class ConflictError(DomainError):
    """The change clashes with the current state (duplicate, stale version)."""

    status_code = 409

    def __init__(self, field: str | None, message: str, *, code: str = "conflict") -> None:
        super().__init__(field, message, code=code)


class BadRequestError(DomainError):
    """The request cannot be read at all (a JSON body nested too deep): 400, naming it."""

    status_code = 400

    def __init__(self, field: str | None, message: str, *, code: str = "bad_request") -> None:
        super().__init__(field, message, code=code)


def wants_json() -> bool:
    """True for API paths and clients that ask for JSON."""
    if request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return (
        best == "application/json"
        and request.accept_mimetypes[best] > request.accept_mimetypes["text/html"]
    )


def api_error(status: int, code: str, message: str, fields: dict | None = None):
    """The JSON error body of CONTRACT.md."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return jsonify(body), status


_UNAVAILABLE = "Databasen er ikke tilgjengelig akkurat nå. Ingenting er lagret; prøv igjen om litt."


def _unavailable_page() -> str:
    try:
        return render_template("errors.html", status=503, message=_UNAVAILABLE)
    except SQLAlchemyError:  # the layout asked the database for something after all
        return (
            '<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>503</title>'
            f"</head><body><main><h1>503</h1><p>{_UNAVAILABLE}</p></main></body></html>"
        )


def _keep_headers(error: Exception, response):
    """The headers the HTTP error itself carries (`Allow` on a 405, `Retry-After` on a 429)."""
    response = make_response(response)
    if isinstance(error, HTTPException):
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    return response


def register_error_handlers(app: Flask) -> None:
    """HTML pages for browsers, JSON for the API; never a stack trace."""
    messages = {
        400: ("bad_request", _l("Ugyldig forespørsel.")),
        401: ("unauthorized", _l("Du må logge inn.")),
        403: ("forbidden", _l("Du har ikke tilgang.")),
        404: ("not_found", _l("Fant ikke siden.")),
        405: ("method_not_allowed", _l("Metoden er ikke tillatt.")),
        409: ("conflict", _l("Konflikt.")),
        413: ("too_large", _l("Filen er for stor.")),
        422: ("invalid", _l("Ugyldige data.")),
        429: ("rate_limited", _l("For mange forsøk. Vent litt og prøv igjen.")),
        500: ("server_error", _l("Noe gikk galt.")),
        503: ("unavailable", _l("Tjenesten er utilgjengelig.")),
    }

    def handle(error):
        status = getattr(error, "code", 500) or 500
        code, lazy = messages.get(status, ("error", _l("Feil.")))
        message = str(lazy)
        description = getattr(error, "description", None)
        if wants_json():
            detail = description if isinstance(description, str) and status != 500 else message
            response = api_error(status, code, detail)
        else:
            response = render_template("errors.html", status=status, message=message), status
        return _keep_headers(error, response)

    for status in messages:
        app.register_error_handler(status, handle)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def handle_database_unavailable(error: Exception):
        # The database is down, restarting, locked, full or read-only: a clear 503, nothing
        # half-written (the request's one transaction is rolled back), and the next request
        # gets a fresh connection (pool_pre_ping) once it is back.
        from app.extensions import db

        app.logger.warning("database unavailable: %s", str(error).splitlines()[0][:200])
        try:
            db.session.rollback()
        except SQLAlchemyError:
            db.session.registry.clear()  # the session's connection is gone: drop it as it is
        if "_login_user" not in g:
            # Whoever it is cannot be looked up now: the page is shown as to a visitor.
            g._login_user = AnonymousUserMixin()
        if wants_json():
            response = make_response(api_error(503, "unavailable", _UNAVAILABLE))
        else:
            response = make_response(_unavailable_page(), 503)
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        # Whatever the operation flushed before it refused is undone, never half-kept.
        from app.extensions import db

        db.session.rollback()
        fields = {error.field: error.message} if error.field else {}
        if wants_json():
            return api_error(error.status_code, error.code, error.message, fields)
        return (
            render_template("errors.html", status=error.status_code, message=error.message),
            error.status_code,
        )
