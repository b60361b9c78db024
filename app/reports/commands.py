"""`flask import members` and `flask export overview`."""

from __future__ import annotations

from flask.cli import AppGroup

import_cli = AppGroup("import", help="Import data from spreadsheets.")
export_cli = AppGroup("export", help="Export reports to files.")
