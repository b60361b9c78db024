"""Lint: no module in app/ over 500 lines (docs/architecture.md: split a growing file)."""

from __future__ import annotations

import pathlib
import sys

LIMIT = 500


def main() -> int:
    """Print every module over the limit; exit 1 if there is one."""
    too_long = [
        (len(path.read_text(encoding="utf-8").splitlines()), path)
        for path in sorted(pathlib.Path("app").rglob("*.py"))
    ]
    too_long = [(n, p) for n, p in too_long if n > LIMIT]
    for lines, path in too_long:
        print(f"{path}: {lines} lines (limit {LIMIT})")
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main())
