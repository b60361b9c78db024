"""The overview workbook says whether the leader came to the intro course (issue 17)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.factories import (
    attended,
    attended_with_leader,
    make_coordinator,
    make_membership,
    make_person,
    network,
)

SLUG = "innlandet-ressurssykepleiere"
ON = "2026-03-01"


def test_the_workbook_has_the_leader_column_of_the_intro_course(client, login, db):
    net = network(SLUG)
    leader = make_person(name="Lise Leder")
    came = make_person(name="Anne Aas", leader=leader)
    stayed = make_person(name="Bjørn Berg", leader=make_person(name="Per Leder"))
    alone = make_person(name="Cecilie Cas")
    waiting = make_person(name="Dag Dahl", leader=leader)
    for person in (came, stayed, alone, waiting):
        make_membership(person, net, dt.date(2025, 1, 1))
    attended_with_leader(came, net, "intro_course", dt.date(2025, 5, 6))
    attended_with_leader(stayed, net, "intro_course", dt.date(2025, 5, 7), leader_came=False)
    attended(alone, net, "intro_course", dt.date(2025, 5, 8))
    login(make_coordinator(net))
    data = client.get(f"/reports/overview.xlsx?network={SLUG}&on={ON}").data
    ws = load_workbook(io.BytesIO(data))[load_workbook(io.BytesIO(data)).sheetnames[0]]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    title = next(h for h in header if h and h.startswith("Introduksjonskurs") and "–" not in h)
    column = header.index(f"{title} – leder")
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Anne Aas"][column] == "leder deltok"
    assert by_name["Bjørn Berg"][column] == "leder deltok ikke"
    assert by_name["Cecilie Cas"][column] == "leder ikke registrert"
    assert by_name["Dag Dahl"][column] is None  # nothing attended yet: nothing to say
    # The columns after it still line up: the next requirement's status is where it belongs.
    nxt = header[column + 1]
    assert nxt and not nxt.startswith(title)
