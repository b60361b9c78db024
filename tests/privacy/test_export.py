"""The data export: every kind of record the person has, named, and nothing of anyone else."""

from __future__ import annotations

import datetime as dt
import json

from app.core.types import today_oslo
from app.courses.models import CourseCompletion
from app.kpm.models import (
    ChecklistAttestation,
    DocumentKind,
    EducationSite,
    PersonDocument,
    ServicePeriod,
    SiteKind,
    SupervisionMeeting,
    TeachingHours,
)
from app.registrations.models import Registration, RegistrationStatus
from tests import factories as f


def _everything(db, person, net):
    """One record of each kind for `person`."""
    f.make_membership(person, net, start=dt.date(2024, 1, 1))
    offering = f.make_offering(f.make_course(title="Lindrende behandling grunnkurs"))
    db.session.add(
        Registration(
            offering_id=offering.id, person_id=person.id, status=RegistrationStatus.registered
        )
    )
    meeting = f.make_gathering(net, title="Nettverkssamling i Hamar")
    db.session.add(
        Registration(
            gathering_id=meeting.id,
            person_id=person.id,
            status=RegistrationStatus.registered,
            attended=True,
        )
    )
    db.session.add(
        CourseCompletion(
            person_id=person.id,
            course=f.make_course(title="Kurs tatt andre steder"),
            completed_on=dt.date(2024, 5, 1),
            note="Tatt i Bergen",
        )
    )
    f.free_text_completion(person, "Smertekurs i Tromsø", dt.date(2024, 6, 1), level="B")
    site = f.make_site(net, name="Sjukehuset Hospiteringsted")
    f.make_hospitation(person, site=site, goals="Mine mål om smerte", reflection="Min refleksjon")
    edu = EducationSite(name="Palliativt senter Utdanningssted", kind=SiteKind.centre_with_beds)
    db.session.add(edu)
    db.session.flush()
    db.session.add_all(
        [
            ServicePeriod(
                person_id=person.id,
                education_site_id=edu.id,
                site_kind=SiteKind.centre_with_beds,
                approved=True,
                start=dt.date(2024, 1, 1),
                end=dt.date(2024, 6, 30),
                position_pct=100,
            ),
            SupervisionMeeting(
                person_id=person.id,
                date=dt.date(2024, 2, 1),
                supervisor="Dr. Veileder",
                note="Veiledningsnotat",
            ),
            TeachingHours(person_id=person.id, date=dt.date(2024, 3, 1), hours=2),
            ChecklistAttestation(
                person_id=person.id,
                plan_key="kpm",
                requirement_key="skills",
                item_key="pumpe",
                attested_on=dt.date(2024, 4, 1),
                attested_by="Dr. Attest",
            ),
            PersonDocument(
                person_id=person.id,
                kind=DocumentKind.education_plan,
                date=dt.date(2024, 1, 2),
                note="Utdanningsplan",
            ),
        ]
    )
    db.session.flush()


def test_export_holds_every_kind_of_record_and_nothing_of_others(db, api, factories):
    net = f.network("kpm")
    person = f.make_person(
        name="Eva Eksport",
        email="eva@example.no",
        profession="doctor",
        phone="99887766",
        hpr="1234567",
    )
    user = f.make_user(person=person)
    other = f.make_person(name="Otto Annen", email="otto@example.no")
    _everything(db, person, net)
    _everything(db, other, net)
    own = api(user)
    assert (
        own.patch(f"/api/v1/persons/{person.id}", json={"public_consent": True}).status_code == 200
    )

    answer = own.get(f"/api/v1/persons/{person.id}/export")
    assert answer.status_code == 200
    data = answer.get_json()
    assert data["person"]["name"] == "Eva Eksport"
    assert data["person"]["hpr"] == "1234567"
    assert (
        data["account"]["email"] == "eva@example.no"
        and data["account"]["role"] == "resource_person"
    )
    assert [m["network"] for m in data["memberships"]] == [net.name]
    titles = {r.get("course") or r.get("gathering") for r in data["registrations"]}
    assert titles == {"Lindrende behandling grunnkurs", "Nettverkssamling i Hamar"}
    assert [c["course"] for c in data["completions"]] == [
        "Kurs tatt andre steder",
        "Smertekurs i Tromsø",
    ]
    written_in = data["completions"][1]
    assert (written_in["course_key"], written_in["provider"], written_in["level"]) == (
        None,
        "Et annet sted",
        "B",
    )
    assert data["hospitations"][0]["site"] == "Sjukehuset Hospiteringsted"
    assert data["hospitations"][0]["reflection"] == "Min refleksjon"
    kpm = data["kpm"]
    assert kpm["service_periods"][0]["site"] == "Palliativt senter Utdanningssted"
    assert kpm["supervision_meetings"][0]["note"] == "Veiledningsnotat"
    assert kpm["teaching_hours"][0]["hours"] == 2
    assert kpm["checklist"][0]["item"] == "pumpe"
    assert kpm["documents"][0]["kind"] == "education_plan"
    assert [(c["given"], c["by"]) for c in data["consents"]] == [(True, "eva@example.no")]
    assert data["consents"][0]["on"] == today_oslo().isoformat()
    assert any(a["action"] == "person.update" for a in data["audit"])
    text = json.dumps(data, ensure_ascii=False)
    assert "Otto" not in text and "otto@example.no" not in text
    # The export itself is in the log: who, whose, when.
    again = own.get(f"/api/v1/persons/{person.id}/export").get_json()
    exports = [a for a in again["audit"] if a["action"] == "privacy.export"]
    assert (
        exports
        and exports[0]["by"] == "eva@example.no"
        and exports[0]["object"] == f"Person {person.id}"
    )


def test_export_page_and_download(db, login, factories):
    net = f.network("kpm")
    person = f.make_person(name="Eva Side", email="evaside@example.no", profession="doctor")
    user = f.make_user(person=person)
    _everything(db, person, net)
    client = login(user)
    profile = client.get(f"/persons/{person.id}").get_data(as_text=True)
    assert "Mine data" in profile and "Anonymiser" not in profile
    page = client.get(f"/persons/{person.id}/export")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for text in (
        "Eva Side",
        "Nettverkssamling i Hamar",
        "Sjukehuset Hospiteringsted",
        "Palliativt senter Utdanningssted",
        "Dr. Attest",
        "Utdanningsplan",
        "Smertekurs i Tromsø",
    ):
        assert text in html
    download = client.get(f"/persons/{person.id}/export.json")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    assert json.loads(download.data)["person"]["email"] == "evaside@example.no"


def test_who_may_export(db, api, factories):
    net = f.network("innlandet-ressurssykepleiere")
    elsewhere = f.network("vest-fysio-ergo")
    person = f.make_person()
    f.make_membership(person, net)
    path = f"/api/v1/persons/{person.id}/export"
    assert api(f.make_coordinator(net)).get(path).status_code == 200
    assert api(f.make_admin()).get(path).status_code == 200
    assert api(f.make_coordinator(elsewhere)).get(path).status_code == 404
    assert api(f.make_user()).get(path).status_code == 404
    leader = f.make_user("leader")
    person.leader = leader.person
    db.session.flush()
    # Her leader sees her page but does not take out her data.
    assert api(leader).get(path).status_code == 404
    assert api(f.make_admin()).get("/api/v1/persons/999999/export").status_code == 404
