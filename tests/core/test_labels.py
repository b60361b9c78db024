"""Labels live on their enums: every member of every LabelledEnum has words in both languages."""

from __future__ import annotations

import importlib.util
import pkgutil
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

import app as app_package
from app.core.types import LabelledEnum
from app.kpm.models import DocumentKind, SiteKind
from app.people.models import ServiceLevel

EN_PO = Path(__file__).resolve().parents[2] / "app/translations/en/LC_MESSAGES/messages.po"


def _labelled_enums() -> list[type[LabelledEnum]]:
    """Every LabelledEnum the app defines, once every package's models are imported."""
    for package in pkgutil.iter_modules(app_package.__path__):
        if package.ispkg and importlib.util.find_spec(f"app.{package.name}.models"):
            importlib.import_module(f"app.{package.name}.models")
    found, todo = [], list(LabelledEnum.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if len(cls):
            found.append(cls)
    return sorted(found, key=lambda cls: cls.__qualname__)


def _english() -> dict[str, str]:
    with EN_PO.open("rb") as f:
        return {m.id: m.string for m in read_po(f, locale="en") if m.id}


def test_the_app_has_labelled_enums(app):
    assert {SiteKind, DocumentKind, ServiceLevel} <= set(_labelled_enums())


@pytest.mark.parametrize("enum_cls", _labelled_enums(), ids=lambda cls: cls.__qualname__)
def test_every_member_has_a_label_in_bokmal_and_english(app, enum_cls):
    english = _english()
    with force_locale("nb"):
        choices = dict(enum_cls.choices())
        for member in enum_cls:
            assert member.value in enum_cls.__labels__, member
            for norwegian in (member.label, choices[member.value]):
                assert norwegian and norwegian != member.value, member
                assert english.get(norwegian), f"{member}: no English for {norwegian!r}"


def test_choices_keep_definition_order_and_prefer_choice_labels(app):
    with force_locale("nb"):
        assert ServiceLevel.choices() == [
            ("primary", "Førstelinjetjenesten (kommune)"),
            ("specialist", "Andrelinjetjenesten (spesialisthelsetjenesten)"),
        ]
        assert ServiceLevel.primary.label == "Førstelinjetjenesten"
    with force_locale("en"):
        assert SiteKind.centre_with_beds.label == "Palliative centre with inpatient ward"
