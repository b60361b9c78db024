"""Public pages by ETag.

A page whose content depends only on its URL, the reader's language, the date and a revision
stamp (core/revisions.py) is, for a visitor who is not signed in, rendered once per process
for that validator and answered ``304`` when the browser's copy is current. Signed-in users
and a visitor with a message waiting get the page rendered as always (their header differs).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from flask import Response, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user

from app.core import revisions
from app.core.types import today_oslo

_CACHE: dict[str, str] = {}
_CACHE_SIZE = 128


@functools.cache
def _build_stamp(root: str) -> str:
    """What the templates and compiled catalogues of this deployment are (the same in every
    worker, new after a deploy that changes how a page looks or reads)."""
    digest = hashlib.sha256()
    base = Path(root)
    files = sorted([*base.glob("templates/**/*.html"), *base.glob("translations/**/*.mo")])
    for path in files:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def public_page(key: str, render: Callable[[], str]) -> Response | str:
    """The page ``render`` builds; for anonymous visitors by an ETag over the stamp ``key``."""
    if current_user.is_authenticated or session.get("_flashes"):
        return render()
    material = "|".join(
        str(part)
        for part in (
            "public-page-v1",
            key,
            revisions.current(key),
            today_oslo(),
            get_locale(),
            request.full_path,
            _build_stamp(current_app.root_path),
        )
    )
    etag = hashlib.sha256(material.encode()).hexdigest()
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        body = _CACHE.get(etag)
        if body is None:
            body = render()
            if 'name="csrf_token"' in body:
                return body  # a form bound to this visitor's session: never shared
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[etag] = body
        response = Response(body, mimetype="text/html")
    response.set_etag(etag)
    response.cache_control.no_cache = True  # may be kept, but asked about every time
    response.vary.update(("Cookie", "Accept-Language"))
    return response
