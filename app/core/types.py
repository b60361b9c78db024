"""Column types and time helpers: aware UTC datetimes in and out of every database."""

from __future__ import annotations

import datetime as dt
import enum
from zoneinfo import ZoneInfo

from sqlalchemy import DateTime
from sqlalchemy.types import TypeDecorator

OSLO = ZoneInfo("Europe/Oslo")
UTC = dt.UTC


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(UTC)


def today_oslo() -> dt.date:
    """Today's date in Norway."""
    return dt.datetime.now(OSLO).date()


def to_oslo(value: dt.datetime | None) -> dt.datetime | None:
    """An aware datetime shown in Europe/Oslo."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(OSLO)


class LabelledEnum(enum.Enum):
    """An enum whose members carry their translated label: `Status.met.label`.

    A subclass names its labels by value in `__labels__` (lazy_gettext strings), so the
    words live once, on the enum, and follow the reader's language. Where a select list
    says more than the label (a hint in brackets), `__choice_labels__` holds those words.
    """

    __labels__: dict = {}  # dunder names, so not enum members
    __choice_labels__: dict = {}

    @property
    def label(self) -> str:
        """The member's label in the current language (its value if it has none)."""
        from app.core.i18n import text  # i18n imports the app's extensions

        return text(self.__labels__.get(self.value, self.value))

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(value, label) pairs in definition order, for select fields."""
        return [
            (member.value, str(cls.__choice_labels__.get(member.value, member.label)))
            for member in cls
        ]


class UTCDateTime(TypeDecorator):
    """An aware datetime stored in UTC (naive in SQLite, timestamptz in PostgreSQL)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):  # noqa: D102
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):  # noqa: D102
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def enum_type(enum_cls, name: str):
    """Store an enum.Enum by its value as a checked VARCHAR (portable, easy to migrate)."""
    from sqlalchemy import Enum

    return Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=max(len(m.value) for m in enum_cls) + 8,
        values_callable=lambda cls: [m.value for m in cls],
    )
