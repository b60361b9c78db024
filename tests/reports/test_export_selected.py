"""«Eksporter valgte» in the members table: the competence overview of the chosen members."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from tests.factories import make_coordinator, make_membership, make_network, make_person, network

SLUG = "innlandet-ressurssykepleiere"


def _names(data: bytes) -> set[str]:
    wb = load_workbook(io.BytesIO(data))
    plan_sheet = wb.worksheets[0]
    return {row[0] for row in plan_sheet.iter_rows(min_row=2, values_only=True) if row[0]}


def _setup():
    net = network(SLUG)
    kari, ola, per = (make_person(name=n) for n in ("Kari Valgt", "Ola Valgt", "Per Ikkevalgt"))
    chosen = [make_membership(p, net, dt.date(2025, 1, 1)) for p in (kari, ola)]
    make_membership(per, net, dt.date(2025, 1, 1))
    elsewhere = make_membership(make_person(name="Siri Annetsted"), make_network())
    return net, chosen, elsewhere


def test_the_chosen_members_and_only_they_are_in_the_workbook(client, login):
    net, chosen, elsewhere = _setup()
    login(make_coordinator(net))
    ids = [str(m.id) for m in chosen] + [str(elsewhere.id)]  # one of another network
    response = client.post(f"/networks/{SLUG}/members/export.xlsx", data={"membership_id": ids})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert _names(response.data) == {"Kari Valgt", "Ola Valgt"}


def test_nothing_chosen_says_so_on_the_members_table(client, login):
    net, _, _ = _setup()
    login(make_coordinator(net))
    response = client.post(f"/networks/{SLUG}/members/export.xlsx", data={}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Velg minst ett medlem å eksportere." in page
    assert "Eksporter valgte" in page


def test_a_coordinator_of_another_network_gets_404(client, login):
    net, chosen, _ = _setup()
    login(make_coordinator(make_network()))
    response = client.post(
        f"/networks/{SLUG}/members/export.xlsx", data={"membership_id": [str(chosen[0].id)]}
    )
    assert response.status_code == 404
