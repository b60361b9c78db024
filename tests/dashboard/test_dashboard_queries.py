"""Each role's dashboard runs a fixed number of statements, whatever it lists: a leader's
staff and their progress, a coordinator's network standing and courses waiting for
verification, a resource person's coming gatherings, courses and hospitations."""

from __future__ import annotations

import datetime as dt
import re

from app.auth.models import Role
from app.core.types import today_oslo, utcnow
from app.extensions import db
from app.registrations.models import Registration, RegistrationStatus
from tests import factories as f

NET = "innlandet-ressurssykepleiere"


def _grow(net, leader, nurse, n: int) -> None:
    """n more of everything the dashboards list."""
    today = today_oslo()
    for _ in range(n):
        staff = f.make_person(profession="nurse", leader=leader)
        f.make_membership(staff, net, today - dt.timedelta(days=40))
        f.recorded_course(staff, "nff-teoretisk-grunnkurs", today, verified=False)
        gathering = f.make_gathering(net, title=f"Samling for {staff.name}")
        offering = f.make_offering(capacity=1)
        waiting = f.make_offering(capacity=0)
        db.session.add_all(
            [
                Registration(
                    gathering_id=gathering.id,
                    person_id=nurse.id,
                    status=RegistrationStatus.registered,
                ),
                Registration(
                    offering_id=offering.id,
                    person_id=nurse.id,
                    status=RegistrationStatus.registered,
                ),
                Registration(
                    offering_id=waiting.id,
                    person_id=nurse.id,
                    status=RegistrationStatus.waitlisted,
                    waitlisted_at=utcnow(),
                ),
            ]
        )
        f.make_hospitation(nurse, start=today + dt.timedelta(days=20), end=None)
    db.session.commit()


def test_each_dashboard_runs_a_fixed_number_of_statements(login, count_queries, db):
    net = f.network(NET)
    coordinator = f.make_user(Role.coordinator, networks=[net], with_person=True)
    f.make_membership(coordinator.person, net, today_oslo() - dt.timedelta(days=400))
    leader = f.make_user(Role.leader)
    nurse = f.make_user(Role.resource_person)
    f.make_membership(nurse.person, net, today_oslo() - dt.timedelta(days=400))

    def statements() -> dict[str, int]:
        out = {}
        for user in (coordinator, leader, nurse):
            client = login(user)
            assert client.get("/dashboard").status_code == 200  # the plans kept per process
            with count_queries() as counted:
                page = client.get("/dashboard").get_data(as_text=True)
            out[user.role.value] = len(counted)
            pages[user.role.value] = page
        return out

    pages: dict[str, str] = {}
    _grow(net, leader.person, nurse.person, 1)
    few = statements()
    _grow(net, leader.person, nurse.person, 5)
    many = statements()
    assert few == many, (few, many)
    # What they see grew: six staff, six gatherings, twelve courses, six hospitations.
    assert pages["leader"].count('/progress">Person ') == 6
    assert "6 kurs venter på verifisering" in pages["coordinator"]
    assert "<strong>8</strong> aktive medlemmer" in pages["coordinator"]
    assert pages["resource_person"].count("Samling for Person ") == 6
    assert pages["resource_person"].count("på ventelisten") == 6
    assert len(re.findall(r'href="/hospitations/\d+"', pages["resource_person"])) == 6
