"""batch.rows: a short list's statement built once per process, a long list's each time, the
same rows either way."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Date, bindparam, select

from app.core import batch
from app.networks.models import Membership
from tests.factories import make_membership, make_person, network


def _members(name_ids):
    return (
        select(Membership.person_id, Membership.network_id)
        .where(name_ids(Membership.person_id), Membership.start <= bindparam("day", type_=Date))
        .order_by(Membership.person_id)
    )


def test_short_and_long_lists_give_the_same_rows_and_the_short_statement_is_kept(
    db, monkeypatch
):
    people = [make_person() for _ in range(3)]
    for i, p in enumerate(people):
        make_membership(p, network("innlandet-ressurssykepleiere"), dt.date(2024, 1, 1 + i))
    ids = [p.id for p in people]
    day = dt.date(2024, 1, 2)
    short = batch.rows(_members, ids, day=day).all()
    assert [pid for pid, _ in short] == ids[:2]
    assert batch._BUILT[_members] is not None
    again = batch.rows(_members, list(reversed(ids)), day=dt.date(2024, 1, 3)).all()
    assert [pid for pid, _ in again] == ids  # the kept statement, bound anew
    monkeypatch.setattr(batch, "INLINE_IDS", 0)
    assert batch.rows(_members, ids, day=day).all() == short


def test_a_statement_that_closes_over_a_value_is_refused(db):
    day = None

    def members(name_ids):
        return select(Membership.person_id).where(name_ids(Membership.person_id), day is None)

    with pytest.raises(TypeError):
        batch.rows(members, [1])
