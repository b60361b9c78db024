"""Uploaded files: the checks made BEFORE anything parses them, and keeping one between requests.

Shared machinery: the member import uses it today, and the coming PDF and certificate uploads
will add their own checks here beside the workbook's. A workbook upload is refused unless it is
a plain Excel workbook (``.xlsx``) of a sane size:

- not empty, not larger than ``IMPORT_MAX_BYTES``;
- a zip file by its magic bytes (the file name is never trusted);
- a zip whose central directory declares at most ``IMPORT_MAX_ENTRIES`` entries and at most
  ``IMPORT_MAX_UNCOMPRESSED`` bytes in all, with no entry compressed suspiciously hard — read
  from the directory alone, nothing is decompressed, so a zip bomb is refused in milliseconds
  (Python's zipfile never inflates beyond an entry's declared size, so the declared sizes bind);
- holding ``[Content_Types].xml`` and ``xl/workbook.xml``, with the workbook declared as a
  plain spreadsheet (a macro-enabled ``.xlsm`` renamed ``.xlsx`` is refused);
- and ``defusedxml`` must be installed, so openpyxl parses the XML safely (no entity bombs).
"""

from __future__ import annotations

import io
import json
import re
import secrets
import time
import zipfile
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _

from app.core.errors import DomainError

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_ENTRIES = 500
DEFAULT_MAX_UNCOMPRESSED = 40 * 1024 * 1024
#: a spreadsheet's XML compresses well, but not a thousand times
MAX_RATIO = 200
#: [Content_Types].xml is a few kilobytes; more is not a workbook
MAX_CONTENT_TYPES_BYTES = 256 * 1024

ZIP_MAGIC = b"PK\x03\x04"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


class UploadError(DomainError):
    """The upload is refused; the message says why, in words a coordinator understands."""

    def __init__(self, message: str, *, code: str = "invalid_file") -> None:
        super().__init__("file", message, code=code)


def _limit(name: str, default: int) -> int:
    if has_app_context():
        return int(current_app.config.get(name, default))
    return default


def max_bytes() -> int:
    """The largest upload accepted, in bytes."""
    return _limit("IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def require_defusedxml() -> None:
    """Refuse to parse uploads unless openpyxl will use defusedxml."""
    try:
        import defusedxml  # noqa: F401
        from openpyxl.xml import DEFUSEDXML
    except ImportError as error:  # pragma: no cover - a broken installation
        raise RuntimeError("defusedxml must be installed to read uploaded workbooks") from error
    if not DEFUSEDXML:  # pragma: no cover
        raise RuntimeError("openpyxl does not use defusedxml")


def _looks_like_text(data: bytes) -> bool:
    head = data[:512]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def check_xlsx(data: bytes) -> None:
    """Raise UploadError unless `data` is a plain, reasonably sized .xlsx workbook."""
    require_defusedxml()
    limit = max_bytes()
    if not data:
        raise UploadError(_("Filen er tom. Velg en utfylt Excel-fil (.xlsx)."), code="empty_file")
    if len(data) > limit:
        raise UploadError(
            _("Filen er for stor (høyst %(mb)s MB).", mb=f"{limit / 1024 / 1024:g}"),
            code="too_large",
        )
    if not data.startswith(ZIP_MAGIC):
        if _looks_like_text(data):
            raise UploadError(
                _(
                    "Filen er en tekstfil (for eksempel CSV), ikke en Excel-arbeidsbok. "
                    "Lagre den som Excel-arbeidsbok (.xlsx) og prøv igjen."
                ),
                code="not_xlsx",
            )
        raise UploadError(_("Filen er ikke en Excel-arbeidsbok (.xlsx)."), code="not_xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UploadError(
            _("Filen er skadet eller ikke en Excel-arbeidsbok (.xlsx)."), code="not_xlsx"
        ) from error
    with archive:
        _check_directory(archive.infolist())
        _check_content_types(archive)


# --------------------------------------------------------------------------- certificates
#
# A course certificate is a PDF or a photo of the paper (PNG or JPEG), told by its first bytes
# (the name and the browser's type are never trusted). A PDF with active content (JavaScript,
# launch actions, embedded files) is refused: the coordinator opens it.

CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024
_CERTIFICATE_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
_PDF_ACTIVE = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/RichMedia", b"/XFA")


def check_certificate(data: bytes) -> str:
    """The content type of an acceptable certificate, else UploadError on ``certificate``."""
    limit = _limit("CERTIFICATE_MAX_BYTES", CERTIFICATE_MAX_BYTES)
    if not data:
        raise _certificate_error(_("Filen er tom."), "empty_file")
    if len(data) > limit:
        raise _certificate_error(
            _("Filen er for stor (høyst %(mb)s MB).", mb=f"{limit / 1024 / 1024:g}"), "too_large"
        )
    kind = next((t for magic, t in _CERTIFICATE_TYPES if data.startswith(magic)), None)
    if kind is None:
        raise _certificate_error(
            _("Kursbeviset må være en PDF eller et bilde (PNG eller JPEG)."), "not_certificate"
        )
    if kind == "application/pdf":
        if b"%%EOF" not in data[-2048:]:
            raise _certificate_error(_("PDF-filen er skadet eller ufullstendig."), "not_pdf")
        if any(marker in data for marker in _PDF_ACTIVE):
            raise _certificate_error(
                _("PDF-filen har innebygd innhold (skript eller vedlegg) og kan ikke lastes opp."),
                "active_content",
            )
    return kind


#: base64 in a JSON body grows by a third, and a request may be at most 5 MB (MAX_CONTENT_LENGTH)
PDF_MAX_BYTES = 3 * 1024 * 1024


def check_pdf(data: bytes, *, field: str = "file") -> str:
    """``application/pdf`` when ``data`` is a whole PDF of a sane size without active content
    (JavaScript, launch actions, embedded files), else UploadError on ``field``."""
    limit = _limit("PDF_MAX_BYTES", PDF_MAX_BYTES)

    def refuse(message: str, code: str) -> UploadError:
        error = UploadError(message, code=code)
        error.field = field
        return error

    if not data:
        raise refuse(_("Filen er tom."), "empty_file")
    if len(data) > limit:
        raise refuse(
            _("Filen er for stor (høyst %(mb)s MB).", mb=f"{limit / 1024 / 1024:g}"), "too_large"
        )
    if not data.startswith(b"%PDF-"):
        raise refuse(_("Filen må være en PDF."), "not_pdf")
    if b"%%EOF" not in data[-2048:]:
        raise refuse(_("PDF-filen er skadet eller ufullstendig."), "not_pdf")
    if any(marker in data for marker in _PDF_ACTIVE):
        raise refuse(
            _("PDF-filen har innebygd innhold (skript eller vedlegg) og kan ikke lastes opp."),
            "active_content",
        )
    return "application/pdf"


def _certificate_error(message: str, code: str) -> UploadError:
    error = UploadError(message, code=code)
    error.field = "certificate"
    return error


def _check_directory(entries: list[zipfile.ZipInfo]) -> None:
    """Entry count and declared sizes, from the central directory only."""
    too_big = _("Filen pakker ut til altfor mye data og blir ikke lest.")
    if len(entries) > _limit("IMPORT_MAX_ENTRIES", DEFAULT_MAX_ENTRIES):
        raise UploadError(_("Filen har for mange deler til å være et regneark."), code="zip_bomb")
    total = 0
    for info in entries:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UploadError(too_big, code="zip_bomb")
    if total > _limit("IMPORT_MAX_UNCOMPRESSED", DEFAULT_MAX_UNCOMPRESSED):
        raise UploadError(too_big, code="zip_bomb")


def _check_content_types(archive: zipfile.ZipFile) -> None:
    """The parts of a workbook, declared as a plain (macro-free) spreadsheet."""
    names = set(archive.namelist())
    not_xlsx = _("Filen er ikke en Excel-arbeidsbok (.xlsx).")
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UploadError(not_xlsx, code="not_xlsx")
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MAX_CONTENT_TYPES_BYTES:
        raise UploadError(not_xlsx, code="not_xlsx")
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    try:
        root = ElementTree.fromstring(archive.read(info))
    except (ElementTree.ParseError, DefusedXmlException, zipfile.BadZipFile, OSError) as error:
        raise UploadError(not_xlsx, code="not_xlsx") from error
    workbook_type = None
    for element in root:
        if element.tag.endswith("Override") and element.get("PartName") == "/xl/workbook.xml":
            workbook_type = element.get("ContentType")
    if workbook_type == MACRO_TYPE or "xl/vbaProject.bin" in names:
        raise UploadError(
            _(
                "Filen inneholder makroer (.xlsm). Lagre den som vanlig Excel-arbeidsbok "
                "(.xlsx) og prøv igjen."
            ),
            code="macro_file",
        )
    if workbook_type != WORKBOOK_TYPE:
        raise UploadError(not_xlsx, code="not_xlsx")


# --------------------------------------------------------------------------- kept uploads
#
# An accepted upload is kept under instance/imports/<token>.xlsx until it is applied or
# abandoned, with a small JSON note of who uploaded it for which network. The preview page
# and the confirmation both read (and re-check) that file, so nothing is lost between them.

KEEP_HOURS = 24
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _forget_old(folder: Path) -> None:
    limit = time.time() - KEEP_HOURS * 3600
    for path in folder.glob("*"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except OSError:
            continue


def keep_upload(data: bytes, *, user_id: int | None, network_id: int, filename: str) -> str:
    """Store an accepted upload; returns the token that names it."""
    folder = _folder()
    _forget_old(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.xlsx").write_bytes(data)
    note = {"user_id": user_id, "network_id": network_id, "filename": filename[:200]}
    (folder / f"{token}.json").write_text(json.dumps(note))
    return token


def kept_upload(token: str, *, user_id: int | None, network_id: int) -> tuple[bytes, str] | None:
    """The bytes and file name of a kept upload of this user and network, else None."""
    if not _TOKEN_RE.match(token or ""):
        return None
    folder = _folder()
    try:
        note = json.loads((folder / f"{token}.json").read_text())
        data = (folder / f"{token}.xlsx").read_bytes()
    except (OSError, ValueError):
        return None
    if note.get("user_id") != user_id or note.get("network_id") != network_id:
        return None
    return data, str(note.get("filename") or "")


def discard_upload(token: str) -> None:
    """Remove a kept upload (after it is applied or cancelled)."""
    if not _TOKEN_RE.match(token or ""):
        return
    folder = _folder()
    for suffix in (".xlsx", ".json"):
        try:
            (folder / f"{token}{suffix}").unlink()
        except OSError:
            continue
