"""Send generated files (feeds, workbooks) with validators so repeat requests get ``304``.

The ETag is strong: it is either given by the caller (for example from
:func:`app.core.ical.feed_etag`, cheap to compute before building the body) or the SHA-256 of
the body. ``If-None-Match`` wins over ``If-Modified-Since`` (RFC 9110, section 13.2.2).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from urllib.parse import quote

from flask import Response, request
from werkzeug.http import unquote_etag

#: Characters RFC 8187 lets through unencoded in ``filename*`` (werkzeug's ``send_file`` set).
_ATTR_CHARS = "!#$&+-.^_`|~"
#: Letters NFKD does not decompose; å already becomes a.
_ASCII_LETTERS = str.maketrans({"æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O"})


def content_disposition(filename: str, *, as_attachment: bool) -> str:
    """A Content-Disposition value with an ASCII ``filename`` and an RFC 5987 ``filename*``."""
    fallback = unicodedata.normalize("NFKD", filename.translate(_ASCII_LETTERS))
    fallback = fallback.encode("ascii", "ignore").decode("ascii")
    fallback = (
        "".join("_" if ch in '"\\' or not ch.isprintable() else ch for ch in fallback).strip()
        or "download"
    )
    kind = "attachment" if as_attachment else "inline"
    encoded = quote(filename, safe=_ATTR_CHARS)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def _not_modified(etag: str, last_modified: dt.datetime | None) -> bool:
    """Whether the current request's validators match (GET and HEAD only)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.if_none_match:
        # RFC 9110 13.1.2: If-None-Match uses the weak comparison; it overrides the date.
        return request.if_none_match.contains_weak(etag)
    since = request.if_modified_since
    if since is None or last_modified is None:
        return False
    return last_modified.astimezone(dt.UTC).replace(microsecond=0) <= since


def send_conditional(
    body: bytes,
    mimetype: str,
    *,
    etag: str | None = None,
    last_modified: dt.datetime | None = None,
    filename: str | None = None,
    max_age: int = 300,
    private: bool = False,
    as_attachment: bool | None = None,
) -> Response:
    """Respond with body and validators, or an empty ``304`` when the client's copy is current.

    ``as_attachment`` defaults to inline for ``text/*`` (feeds) and attachment otherwise.
    A naive ``last_modified`` is taken as UTC.
    """
    if etag is None:
        etag_value, weak = hashlib.sha256(body).hexdigest(), False
    else:
        etag_value, weak = unquote_etag(etag)
    if last_modified is not None and last_modified.tzinfo is None:
        last_modified = last_modified.replace(tzinfo=dt.UTC)

    if _not_modified(etag_value, last_modified):
        response = Response(status=304)
    else:
        response = Response(body, mimetype=mimetype)
        if filename:
            if as_attachment is None:
                as_attachment = not mimetype.startswith("text/")
            response.headers["Content-Disposition"] = content_disposition(
                filename, as_attachment=as_attachment
            )
    response.set_etag(etag_value, weak=weak)
    if last_modified is not None:
        response.last_modified = last_modified.replace(microsecond=0)
    if private:
        response.cache_control.private = True
    else:
        response.cache_control.public = True
    response.cache_control.max_age = max_age
    return response
