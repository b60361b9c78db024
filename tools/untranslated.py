"""Lint: every UI language's catalogue is complete and keeps the placeholders.

For each ``app/translations/<lang>/LC_MESSAGES/messages.po`` (or the languages named on
the command line) it lists the entries that

- have an empty ``msgstr`` (or an empty plural form),
- are marked fuzzy (``pybabel compile`` leaves those out),
- change the placeholders: ``%(name)s``, ``%(n)d``, ``%s``, ``%%``, ``{…}``, or the HTML tags
  and entities of the message id,
- are in ``messages.pot`` but missing from the catalogue (run ``pybabel update``).

It exits 1 when there is one, so ``make lint`` fails on a half-filled catalogue:

    python tools/untranslated.py          # every language
    python tools/untranslated.py nn       # nynorsk only
"""

from __future__ import annotations

import pathlib
import re
import sys

from babel.messages.pofile import read_po

TRANSLATIONS = pathlib.Path(__file__).resolve().parents[1] / "app" / "translations"
#: what must come through a translation unchanged
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_][A-Za-z0-9_]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgG]"  # %(name)s, %(code)04X
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrxX]"  # %s, %d
    r"|%%"
    r"|\{[A-Za-z0-9_.\[\]!:]*\}"  # {name}, {0}
    r"|</?[A-Za-z][^<>]*>"  # HTML tags
    r"|&[A-Za-z]+;|&#\d+;"  # entities
)


def placeholders(text: str) -> list[str]:
    """The placeholders, tags and entities of a text, sorted (their order may change)."""
    return sorted(PLACEHOLDER.findall(text))


def _entry_problems(message) -> list[str]:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    found = []
    if message.fuzzy:
        found.append("fuzzy")
    if not strings or not all(strings):
        found.append("empty msgstr")
    for index, string in enumerate(strings):
        if not string:
            continue
        # msgstr[0] may follow the singular or the plural id; the other forms the plural
        wanted = [placeholders(ids[-1])]
        if index == 0:
            wanted.insert(0, placeholders(ids[0]))
        if placeholders(string) not in wanted:
            found.append(
                f"placeholders differ in msgstr[{index}]: "
                f"{' '.join(wanted[0]) or '(none)'} ≠ {' '.join(placeholders(string)) or '(none)'}"
            )
    return found


def catalogue_problems(po: pathlib.Path, template: pathlib.Path | None = None) -> list[str]:
    """One line per problem entry of the catalogue at ``po``."""
    with po.open("rb") as f:
        catalogue = read_po(f)
    lines = []
    for message in catalogue:
        if not message.id:
            continue
        shown = message.id[0] if isinstance(message.id, tuple) else message.id
        for problem in _entry_problems(message):
            lines.append(f"{po}: {problem}: {shown!r}")
    if template is not None and template.exists():
        with template.open("rb") as f:
            expected = [m.id for m in read_po(f) if m.id]
        for msgid in expected:
            if msgid not in catalogue:
                shown = msgid[0] if isinstance(msgid, tuple) else msgid
                lines.append(f"{po}: missing (run pybabel update): {shown!r}")
    return lines


def catalogues(languages: list[str] | None = None) -> list[pathlib.Path]:
    """The catalogue of each language asked for, or of every language there is."""
    if languages:
        return [TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po" for lang in languages]
    return sorted(TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"))


def main(argv: list[str] | None = None) -> int:
    """Print every problem of the catalogues; exit 1 if there is one."""
    paths = catalogues(list(sys.argv[1:] if argv is None else argv))
    template = TRANSLATIONS / "messages.pot"
    problems = []
    for path in paths:
        if not path.exists():
            problems.append(f"{path}: no such catalogue")
            continue
        problems.extend(catalogue_problems(path, template))
    for line in problems:
        print(line)
    if problems:
        print(f"{len(problems)} entries to fix", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
