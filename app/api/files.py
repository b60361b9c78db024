"""Files in API bodies: a document's optional PDF, as base64 in JSON or a multipart part."""

from __future__ import annotations

import base64
import binascii

from flask import current_app, request
from flask_babel import gettext as _

from app.api.helpers import check_body, json_body
from app.core import uploads
from app.core.errors import DomainError


def document_body() -> tuple[dict, bytes | None, str | None]:
    """A document's fields and its optional PDF: JSON (``file`` in base64, ``filename``) or
    multipart/form-data (a ``file`` part); the text fields pass the one body check."""
    if request.mimetype == "multipart/form-data":
        data = {k: v for k, v in request.form.items()}
        check_body(data)
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            return data, None, None
        return data, upload.read(pdf_limit() + 1), upload.filename
    data = json_body()
    raw = data.pop("file", None)
    filename = data.pop("filename", None)
    if raw is None:
        return data, None, None
    if not isinstance(raw, str):
        raise DomainError("file", _("Filen må sendes som base64-tekst."))
    try:
        content = base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as error:
        raise DomainError("file", _("Filen er ikke gyldig base64."), code="invalid_file") from error
    if filename is not None and not isinstance(filename, str):
        raise DomainError("filename", _("Må være tekst."))
    return data, content, filename or "attest.pdf"


def pdf_limit() -> int:
    """The largest PDF a document takes, in bytes."""
    return int(current_app.config.get("PDF_MAX_BYTES", uploads.PDF_MAX_BYTES))
