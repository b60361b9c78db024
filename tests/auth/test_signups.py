"""Sign-up with approval: the public form, the coordinator's dashboard and requests page,
approve (person merged by e-mail + membership + invitation) and decline with a reason; and the
member import's "send an invitation to new persons"."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from app.auth.models import SignupRequest, SignupStatus
from app.core.types import today_oslo
from app.extensions import db as _db
from app.networks.models import Membership
from app.people.models import Person
from tests.factories import make_coordinator, make_membership, make_network, make_person, network
from tests.networks.helpers import xlsx

SLUG = "innlandet-ressurssykepleiere"


def _form(**changes):
    data = {
        "name": "Nina Ny",
        "email": "nina.ny@example.no",
        "profession": "nurse",
        "workplace": "Hamar sykehjem",
        "municipality": "",
        "network": SLUG,
        "leader_email": "",
    }
    data.update(changes)
    return data


def _persons(email):
    return _db.session.scalars(
        select(Person).where(func.lower(Person.email) == email.lower())
    ).all()


@pytest.fixture()
def coordinator(db):
    return make_coordinator(network(SLUG))


def test_sign_in_page_links_to_the_sign_up_form(client, db):
    assert "/registrer-deg" in client.get("/login").get_data(as_text=True)
    page = client.get("/registrer-deg").get_data(as_text=True)
    assert 'name="leader_email"' in page and 'name="network"' in page


def test_the_answer_is_the_same_whether_the_email_is_known_or_not(client, db):
    known = make_person(email="kjent@example.no")
    first = client.post("/registrer-deg", data=_form(email=known.email), follow_redirects=True)
    second = client.post("/registrer-deg", data=_form(), follow_redirects=True)
    assert first.status_code == second.status_code == 200
    strip = re.compile(r'name="csrf_token"[^>]*>')
    assert strip.sub("", first.get_data(as_text=True)) == strip.sub(
        "", second.get_data(as_text=True)
    )
    assert _db.session.scalar(select(func.count(SignupRequest.id))) == 2


def test_bad_input_is_shown_on_the_field_and_kept(client, db):
    response = client.post("/registrer-deg", data=_form(email="ikke-en-adresse", network=""))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Nina Ny"' in page
    assert 'id="email-error"' in page and 'id="network-error"' in page


def test_sign_up_is_rate_limited(client, db):
    for _ in range(10):
        client.post("/registrer-deg", data=_form(email="x@"))
    assert client.post("/registrer-deg", data=_form()).status_code == 429


def test_nothing_of_a_request_is_public(client, db):
    client.post("/registrer-deg", data=_form())
    assert "Nina Ny" not in client.get("/").get_data(as_text=True)
    assert client.get("/registreringer").status_code == 302  # to the sign-in page
    found = _db.session.scalar(select(SignupRequest))
    assert client.post(f"/registreringer/{found.id}/approve").status_code == 302
    assert found.status is SignupStatus.pending


def test_coordinator_sees_it_on_the_dashboard_approves_and_the_applicant_is_invited(
    client, login, coordinator, smtp_server
):
    client.post("/registrer-deg", data=_form())
    login(coordinator)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "Nina Ny" in dashboard and "1 forespørsel venter" in dashboard
    found = _db.session.scalar(select(SignupRequest))
    client.post(f"/registreringer/{found.id}/approve")
    (person,) = _persons("nina.ny@example.no")
    member = _db.session.scalar(select(Membership).where(Membership.person_id == person.id))
    assert member.network.slug == SLUG and member.start == today_oslo()
    (message,) = smtp_server.messages
    assert message["To"] == "nina.ny@example.no"
    assert "/invitation/" in message.get_payload(decode=True).decode()
    assert "Ingen forespørsler venter" in client.get("/registreringer").get_data(as_text=True)


def test_the_dashboard_lists_the_five_oldest_requests_and_counts_them_all(
    client, login, coordinator, app
):
    for n in range(7):
        client.post("/registrer-deg", data=_form(name=f"Søker {n}", email=f"s{n}@example.no"))
    login(coordinator)
    dashboard = client.get("/dashboard").get_data(as_text=True)
    assert "7 forespørsler venter" in dashboard
    listed = re.findall(r"<li>(Søker \d) – ([^(<]+) \(", dashboard)
    assert [name for name, _network in listed] == [f"Søker {n}" for n in range(5)]
    assert {where.strip() for _name, where in listed} == {network(SLUG).name}


def test_approving_reuses_the_person_with_that_email(client, login, coordinator, smtp_server):
    existing = make_person(name="Nina Gammel", email="nina.ny@example.no")
    client.post("/registrer-deg", data=_form(email="Nina.Ny@example.no"))
    login(coordinator)
    found = _db.session.scalar(select(SignupRequest))
    client.post(f"/registreringer/{found.id}/approve")
    assert [p.id for p in _persons("nina.ny@example.no")] == [existing.id]
    assert len(smtp_server.messages) == 1


def test_decline_needs_a_reason_and_tells_the_applicant(client, login, coordinator, smtp_server):
    client.post("/registrer-deg", data=_form())
    login(coordinator)
    found = _db.session.scalar(select(SignupRequest))
    empty = client.post(f"/registreringer/{found.id}/decline", data={"reason": ""})
    assert empty.status_code == 422
    assert 'id="reason-error"' in empty.get_data(as_text=True)
    assert smtp_server.messages == []
    client.post(
        f"/registreringer/{found.id}/decline", data={"reason": "Du jobber ikke i regionen."}
    )
    assert found.status is SignupStatus.declined
    (message,) = smtp_server.messages
    assert "Du jobber ikke i regionen." in message.get_payload(decode=True).decode()
    assert _persons("nina.ny@example.no") == []


def test_another_networks_coordinator_gets_404(client, login, db):
    client.post("/registrer-deg", data=_form())
    login(make_coordinator(make_network()))
    found = _db.session.scalar(select(SignupRequest))
    assert client.post(f"/registreringer/{found.id}/approve").status_code == 404
    assert "Nina Ny" not in client.get("/registreringer").get_data(as_text=True)


# --------------------------------------------------------------------------- the import


def test_import_can_invite_every_new_person(client, login, coordinator, smtp_server):
    existing = make_person()
    make_membership(existing, network(SLUG))
    login(coordinator)
    rows = [
        ["Ny Importert", "ny.importert@example.no", "nurse"],
        [existing.name, existing.email, "nurse"],
    ]
    response = client.post(
        f"/networks/{SLUG}/import",
        data={"file": (io.BytesIO(xlsx(rows)), "m.xlsx")},
        content_type="multipart/form-data",
    )
    location = response.headers["Location"]
    html = client.get(location).get_data(as_text=True)
    assert "Send invitasjon til nye personer (1 e-post)" in html
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html).group(1)
    action = re.search(r'<form method="post" action="([^"]+/confirm)"', html).group(1)
    done = client.post(action, data={"digest": digest, "action": "apply", "invite": "1"})
    assert done.status_code == 302
    assert [m["To"] for m in smtp_server.messages] == ["ny.importert@example.no"]
    assert "1 invitasjon er sendt" in client.get(done.headers["Location"]).get_data(as_text=True)


def test_import_without_the_option_sends_nothing(client, login, coordinator, smtp_server):
    login(coordinator)
    response = client.post(
        f"/networks/{SLUG}/import",
        data={"file": (io.BytesIO(xlsx([["Ny To", "ny.to@example.no", "nurse"]])), "m.xlsx")},
        content_type="multipart/form-data",
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', html).group(1)
    action = re.search(r'<form method="post" action="([^"]+/confirm)"', html).group(1)
    client.post(action, data={"digest": digest, "action": "apply"})
    assert len(_persons("ny.to@example.no")) == 1
    assert smtp_server.messages == []


def test_the_new_public_forms_require_csrf_when_enabled(app, db, coordinator):
    from app.auth import invitations

    member = make_person()
    make_membership(member, network(SLUG))
    sent = invitations.invite(member, coordinator)
    _db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        client = app.test_client()
        assert client.post("/registrer-deg", data=_form()).status_code == 400
        password = {"password": "et-langt-godt-passord", "password2": "et-langt-godt-passord"}
        assert client.post(f"/invitation/{sent.token}", data=password).status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert _db.session.scalar(select(func.count(SignupRequest.id))) == 0
    assert invitations.usable(sent.invitation)


def test_an_english_applicant_gets_the_invitation_in_english(
    client, login, coordinator, smtp_server, compiled_catalogues
):
    client.get("/lang/en")
    client.post("/registrer-deg", data=_form())
    client.get("/lang/nb")
    login(coordinator)
    found = _db.session.scalar(select(SignupRequest))
    client.post(f"/registreringer/{found.id}/approve")
    (message,) = smtp_server.messages
    assert "has invited you" in message.get_payload(decode=True).decode()
