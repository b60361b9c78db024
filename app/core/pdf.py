"""PDF documents (dossiers, diplomas, letters) with fpdf2: headings, text, pairs and tables.

fpdf2 is pure Python with no system dependencies. Text is set in DejaVu Sans when the system
has it (every Norwegian letter and more); otherwise in the core Helvetica, which holds
Latin-1 (æøå), with anything outside it replaced. Text is plain: nothing a user typed is
read as markup, and characters a PDF cannot hold are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

PDF_MIMETYPE = "application/pdf"
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


class PdfDocument:
    """A simple A4 document: ``heading``, ``paragraph``, ``pairs``, ``table``, then ``bytes``."""

    def __init__(self, title: str, *, subject: str | None = None, footer: str | None = None):
        # fpdf2 (with fontTools) is imported when a PDF is made: it adds about 35 MB to every
        # process that loads the app, and only a few requests make one.
        from fpdf import FPDF

        pdf = FPDF(format="A4")
        pdf.set_auto_page_break(auto=True, margin=18)
        pdf.set_margins(18, 18, 18)
        self.unicode = (FONT_DIR / "DejaVuSans.ttf").exists()
        if self.unicode:
            pdf.add_font("body", "", str(FONT_DIR / "DejaVuSans.ttf"))
            pdf.add_font("body", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
            self.family = "body"
        else:  # pragma: no cover - a system without DejaVu
            self.family = "helvetica"
        pdf.set_title(self.text(title))
        if subject:
            pdf.set_subject(self.text(subject))
        pdf.set_creator("Kompetansenett")
        pdf.set_lang("nb")
        self._footer = self.text(footer) if footer else None
        self.pdf = pdf
        pdf.add_page()
        self._font()

    def text(self, value: Any) -> str:
        """Plain text the chosen font can show."""
        out = _CONTROL.sub("", "" if value is None else str(value))
        if not self.unicode:  # pragma: no cover
            out = out.encode("latin-1", "replace").decode("latin-1")
        return out

    def _font(self, size: float = 10.5, bold: bool = False) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def heading(self, value: str, level: int = 1) -> None:
        """A heading: level 1 is the document's title."""
        size = {1: 18, 2: 13.5, 3: 11.5}.get(level, 11)
        self.pdf.ln(2 if level > 1 else 0)
        self._font(size, bold=True)
        self.pdf.multi_cell(0, size * 0.55, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)
        self._font()

    def paragraph(self, value: str, *, size: float = 10.5, bold: bool = False) -> None:
        """A paragraph of running text."""
        self._font(size, bold)
        self.pdf.multi_cell(0, size * 0.52, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)
        self._font()

    def space(self, mm: float = 6) -> None:
        """Vertical space."""
        self.pdf.ln(mm)

    def pairs(self, rows: Sequence[tuple[str, Any]]) -> None:
        """Label and value on each line."""
        for label, value in rows:
            self._font(bold=True)
            self.pdf.cell(55, 6, self.text(label))
            self._font()
            self.pdf.multi_cell(0, 6, self.text(value), new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1.5)

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[Any]],
        *,
        widths: Sequence[int] | None = None,
        empty: str = "–",
    ) -> None:
        """A table with a header row repeated on each page; ``empty`` when there are no rows."""
        if not rows:
            self.paragraph(empty)
            return
        self._font(9)
        with self.pdf.table(
            col_widths=tuple(widths) if widths else None,
            text_align="LEFT",
            line_height=5,
            padding=1.2,
            first_row_as_headings=True,
        ) as table:
            head = table.row()
            for h in headers:
                head.cell(self.text(h))
            for values in rows:
                row = table.row()
                for v in values:
                    row.cell(self.text(v))
        self.pdf.ln(3)
        self._font()

    def bytes(self) -> bytes:
        """The finished PDF."""
        if self._footer:
            self.pdf.set_y(-15)
            self._font(8)
            self.pdf.cell(0, 5, self._footer)
        return bytes(self.pdf.output())
