"""Member import from an Excel workbook: parse → validate → preview → apply all or nothing.

The same steps serve the web pages (:mod:`app.networks.import_views`) and ``flask import
members`` (:mod:`app.networks.commands`):

1. :func:`read_rows` (:mod:`.parse`) reads the first sheet (or the one named "Medlemmer") of a
   workbook that :func:`app.core.uploads.check_xlsx` has already accepted;
2. :func:`build_preview` (:mod:`.preview`) checks every row (:mod:`.validate`, against what
   :mod:`.context` loads from the database) and says what would be created, what would change
   on whom (matched by e-mail, else HPR) and why a row is bad;
3. :func:`apply_preview` (:mod:`.apply`) writes exactly that through the person and membership
   operations — only when no row is bad. The caller commits once, or rolls back.

An empty cell means "leave as it is" for an existing person, so importing the same file twice
changes nothing the second time.
"""

from app.core.errors import DomainError
from app.networks.imports.apply import ImportResult, apply_preview
from app.networks.imports.parse import (
    COLUMNS,
    MAX_ROWS,
    MAX_SCANNED_ROWS,
    REQUIRED_COLUMNS,
    SHEET_NAME,
    ImportFileError,
    RowIn,
    read_rows,
)
from app.networks.imports.preview import (
    BadRow,
    Change,
    PlannedRow,
    Preview,
    build_preview,
    preview_lines,
)

__all__ = [
    "COLUMNS",
    "MAX_ROWS",
    "MAX_SCANNED_ROWS",
    "REQUIRED_COLUMNS",
    "SHEET_NAME",
    "BadRow",
    "Change",
    "DomainError",
    "ImportFileError",
    "ImportResult",
    "PlannedRow",
    "Preview",
    "RowIn",
    "apply_preview",
    "build_preview",
    "preview_lines",
    "read_rows",
]
