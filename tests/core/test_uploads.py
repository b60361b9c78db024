"""Upload checks: size, magic bytes, macro workbooks refused, zip limits — before any parsing."""

from __future__ import annotations

import time

import pytest

from app.core import uploads
from tests.networks.helpers import as_xlsm, rezip, xlsx, zip_bomb


def test_defusedxml_is_installed_and_used_by_openpyxl():
    import defusedxml  # noqa: F401
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True
    uploads.require_defusedxml()


def test_a_plain_workbook_passes_the_checks():
    uploads.check_xlsx(xlsx([["Kari", "kari@example.no", "nurse"]]))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "tom"),
        (b"navn;e-post;yrke\nKari;kari@example.no;sykepleier\n", "CSV"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "ikke en Excel"),
        (b"PK\x03\x04 not really a zip", "skadet"),
    ],
    ids=["empty", "csv-named-xlsx", "png", "broken-zip"],
)
def test_non_workbooks_are_refused_with_a_clear_message(data, words):
    with pytest.raises(uploads.UploadError) as caught:
        uploads.check_xlsx(data)
    assert words in caught.value.message


def test_a_renamed_xlsm_is_refused():
    with pytest.raises(uploads.UploadError) as caught:
        uploads.check_xlsx(as_xlsm(xlsx([["Kari", "kari@example.no", "nurse"]])))
    assert "makroer" in caught.value.message


def test_a_zip_bomb_is_refused_in_milliseconds():
    bomb = zip_bomb()
    assert len(bomb) < 1024 * 1024  # small on disk, 100 MB inflated
    started = time.perf_counter()
    with pytest.raises(uploads.UploadError) as caught:
        uploads.check_xlsx(bomb)
    assert time.perf_counter() - started < 0.05
    assert caught.value.code == "zip_bomb"


def test_too_many_zip_entries_are_refused():
    many = rezip(
        xlsx([]), add={f"xl/media/image{i}.png": b"x" for i in range(uploads.DEFAULT_MAX_ENTRIES)}
    )
    with pytest.raises(uploads.UploadError) as caught:
        uploads.check_xlsx(many)
    assert caught.value.code == "zip_bomb"


def test_a_file_over_the_size_limit_is_refused(app):
    with app.app_context():
        app.config["IMPORT_MAX_BYTES"] = 1000
        try:
            with pytest.raises(uploads.UploadError) as caught:
                uploads.check_xlsx(xlsx([["Kari", "kari@example.no", "nurse"]]))
        finally:
            del app.config["IMPORT_MAX_BYTES"]
    assert "for stor" in caught.value.message
