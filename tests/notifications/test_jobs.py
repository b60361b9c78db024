"""The daily job against a real SMTP server (aiosmtpd): what is sent, to whom, once."""

from __future__ import annotations

import datetime as dt
import socket
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.core import mail
from app.core.models import OutboxMessage
from app.notifications import jobs, operations
from tests import factories as f

D = dt.date
START = D(2025, 3, 31)  # + 12 months: the deadline is 31.03.2026


def text(message) -> str:
    """The plain-text body of a received message."""
    for part in message.walk():
        if part.get_content_type() == "text/plain" and not part.get_filename():
            return part.get_payload(decode=True).decode()
    return ""


def to(messages, address):
    return [m for m in messages if address in m["To"]]


def subject(message) -> str:
    """The decoded subject of a received message."""
    return str(make_header(decode_header(message["Subject"])))


def subjects(messages, address):
    return [subject(m) for m in to(messages, address)]


@pytest.fixture()
def nurse(db):
    net = f.make_network()
    f.make_plan(net, f.hospitation_requirement())
    leader = f.make_person(name="Lise Leder", email="lise@example.no")
    person = f.make_person(name="Kari Nordmann", email="kari@example.no", leader=leader)
    f.make_membership(person, net, start=START)
    return person


def test_thirty_days_ahead_the_person_is_told_once_however_many_runs(nurse, smtp_server):
    assert jobs.run(D(2026, 2, 28)).queued == 0  # 31 days ahead: not yet
    jobs.run(D(2026, 3, 1))
    jobs.run(D(2026, 3, 1))
    jobs.run(D(2026, 3, 15))
    mails = to(smtp_server.messages, "kari@example.no")
    assert len(mails) == 1
    body = text(mails[0])
    assert subject(mails[0]) == "Frist 31.03.2026: Hospitering"
    assert "Kari Nordmann" in body and "31.03.2026" in body
    assert f"http://localhost/persons/{nurse.id}/progress" in body
    assert mails[0]["List-Unsubscribe"].startswith("<http://localhost/varsler/av/")
    assert mails[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "http://localhost/varsler/av/" in body
    # The leader hears only of overdue (and gets her monthly digest on the 1st).
    assert [s for s in subjects(smtp_server.messages, "lise") if "Frist" in s] == []


def test_overdue_reaches_the_person_and_her_leader_once(nurse, smtp_server):
    jobs.run(D(2026, 4, 2))
    jobs.run(D(2026, 4, 3))
    person, leader = to(smtp_server.messages, "kari"), to(smtp_server.messages, "lise")
    assert len(person) == 1 and len(leader) == 1
    assert "Kari Nordmann" in text(leader[0]) and "31.03.2026" in text(leader[0])
    assert "Hei Lise Leder" in text(leader[0])
    assert "Hospitering" in text(person[0])


def test_the_leader_reads_it_in_her_language(nurse, smtp_server, db):
    user = f.make_user(Role.leader, person=nurse.leader)
    user.locale = "en"
    db.session.flush()
    jobs.run(D(2026, 4, 2))
    (leader,) = to(smtp_server.messages, "lise")
    assert subject(leader).startswith("Deadline passed")
    assert "31.03.2026" in text(leader)
    (person,) = to(smtp_server.messages, "kari")
    assert subject(person).startswith("Frist passert")  # no account: bokmål


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_smtp_down_loses_nothing_and_the_next_run_delivers(nurse, smtp_server, app, db):
    live = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = _closed_port()
    try:
        result = jobs.run(D(2026, 3, 3))
    finally:
        app.config["MAIL_PORT"] = live
    assert (result.queued, result.delivery.retry, result.delivery.sent) == (1, 1, 0)
    row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "deadline_soon"))
    assert (row.status, row.attempts) == ("queued", 1) and row.last_error
    assert smtp_server.messages == []
    result = jobs.run(D(2026, 3, 4))
    assert (result.queued, result.delivery.sent) == (0, 1)
    assert len(to(smtp_server.messages, "kari")) == 1
    jobs.run(D(2026, 3, 5))
    assert len(to(smtp_server.messages, "kari")) == 1


def test_a_message_failing_for_24_hours_is_marked_failed(app, db):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port())
    try:
        mail.queue("kari@example.no", "Emne", "Tekst")
        db.session.commit()  # the try right after the commit fails: still queued
        row = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject == "Emne"))
        assert row.status == "queued" and row.attempts == 1
        later = row.failing_since + dt.timedelta(hours=23)
        assert mail.deliver(now=later).retry == 1
        assert mail.deliver(now=later + dt.timedelta(hours=1)).failed == 1
        db.session.refresh(row)
        assert (row.status, row.attempts) == ("failed", 3)
    finally:
        app.config["MAIL_SERVER"] = None


def test_an_unsubscribed_kind_is_not_sent(nurse, smtp_server, db):
    operations.set_preference("KARI@example.no", "deadline_soon", False)
    db.session.flush()
    jobs.run(D(2026, 3, 3))
    assert to(smtp_server.messages, "kari") == []
    jobs.run(D(2026, 4, 2))  # another kind still comes
    assert len(to(smtp_server.messages, "kari")) == 1


def test_the_leaders_digest_lists_her_staff_and_no_one_else(smtp_server, db):
    net = f.make_network()
    f.make_plan(net, f.hospitation_requirement())
    lise = f.make_person(name="Lise Leder", email="lise@example.no")
    other = f.make_person(name="Ola Leder", email="ola@example.no")
    soon = f.make_person(name="Kari Snart", leader=lise)
    late = f.make_person(name="Per Forsinket", leader=lise)
    far = f.make_person(name="Åse Senere", leader=lise)
    stranger = f.make_person(name="Nils Annen", leader=other)
    f.make_membership(soon, net, start=D(2025, 3, 15))  # due 15.03.2026
    f.make_membership(late, net, start=D(2024, 12, 1))  # overdue since 01.12.2025
    f.make_membership(far, net, start=D(2025, 9, 1))  # due 01.09.2026: outside 60 days
    f.make_membership(stranger, net, start=D(2024, 12, 1))
    jobs.run(D(2026, 2, 2))
    assert not any("Månedsoversikt" in s for s in subjects(smtp_server.messages, "lise"))
    smtp_server.messages.clear()
    jobs.run(D(2026, 2, 1))
    digests = [m for m in to(smtp_server.messages, "lise") if "Månedsoversikt" in subject(m)]
    assert len(digests) == 1
    body = text(digests[0])
    assert "Kari Snart" in body and "15.03.2026" in body
    assert "Per Forsinket" in body and "01.12.2025" in body
    assert "Åse Senere" not in body and "Nils Annen" not in body
    ola = [m for m in to(smtp_server.messages, "ola") if "Månedsoversikt" in subject(m)]
    assert "Nils Annen" in text(ola[0]) and "Kari Snart" not in text(ola[0])
    jobs.run(D(2026, 2, 1))
    assert len([m for m in to(smtp_server.messages, "lise") if "Månedsoversikt" in subject(m)]) == 1


def test_the_coordinators_monday_digest_stays_in_her_networks(smtp_server, db):
    mine, theirs = f.make_network(), f.make_network()
    for net in (mine, theirs):
        f.make_plan(net, f.hospitation_requirement())
    coordinator = f.make_coordinator(mine)
    f.make_coordinator(theirs)
    new = f.make_person(name="Nina Ny")
    old = f.make_person(name="Olav Gammel")
    outside = f.make_person(name="Ute Annet")
    f.make_membership(new, mine, start=D(2025, 3, 5))  # overdue since 05.03.2026
    f.make_membership(old, mine, start=D(2024, 1, 1))  # overdue long ago: not new
    f.make_membership(outside, theirs, start=D(2025, 3, 5))
    f.recorded_course(old, "nff-teoretisk-grunnkurs", D(2026, 1, 10), verified=False)
    jobs.run(D(2026, 3, 9))  # a Monday
    (digest,) = [
        m for m in to(smtp_server.messages, coordinator.email) if "Ukeoversikt" in subject(m)
    ]
    body = text(digest)
    assert "Nina Ny" in body and "05.03.2026" in body
    assert "Olav Gammel" in body and "10.01.2026" in body  # the course waiting for her
    assert "Ute Annet" not in body
    jobs.run(D(2026, 3, 10))
    jobs.run(D(2026, 3, 9))
    assert (
        len([m for m in to(smtp_server.messages, coordinator.email) if "Ukeoversikt" in subject(m)])
        == 1
    )


def test_a_gathering_in_seven_days_comes_with_its_calendar_file(smtp_server, db):
    from app.registrations.models import Registration, RegistrationStatus

    net = f.make_network()
    person = f.make_person(name="Kari Nordmann", email="kari@example.no")
    gathering = f.make_gathering(
        net, start=f.oslo(2026, 5, 8, 9), end=f.oslo(2026, 5, 8, 15), location="Hamar kulturhus"
    )
    db.session.add(
        Registration(gathering=gathering, person=person, status=RegistrationStatus.registered)
    )
    db.session.flush()
    jobs.run(D(2026, 4, 30))  # 8 days ahead: not yet
    assert to(smtp_server.messages, "kari") == []
    jobs.run(D(2026, 5, 1))
    jobs.run(D(2026, 5, 2))
    (message,) = to(smtp_server.messages, "kari")
    body = text(message)
    assert "Temadag: smertelindring" in body and "Hamar kulturhus" in body
    assert "08.05.2026 kl. 09:00" in body
    (ics,) = [p for p in message.walk() if p.get_filename() == "invitation.ics"]
    assert b"BEGIN:VEVENT" in ics.get_payload(decode=True)


def test_flask_notify_run_on_a_day(nurse, smtp_server, runner):
    result = runner.invoke(args=["notify", "run", "--on", "2026-03-03"])
    assert result.exit_code == 0, result.output
    assert "1 nye varsler" in result.output
    again = runner.invoke(args=["notify", "run", "--on", "2026-03-03"])
    assert "0 nye varsler" in again.output
    assert len(to(smtp_server.messages, "kari")) == 1
    bad = runner.invoke(args=["notify", "run", "--on", "1.3.2026"])
    assert bad.exit_code != 0


def test_the_kpm_coordinators_digest_lists_what_waits_for_attestation_and_inspection(
    smtp_server, db
):
    from app.kpm.models import EducationSite, SiteApproval, SiteKind

    kpm = f.network("kpm")
    coordinator = f.make_coordinator(kpm)
    doctor = f.make_person(name="Lise Lege", profession="doctor")
    f.make_membership(doctor, kpm, start=D(2025, 9, 1))
    f.meeting(doctor, D(2026, 3, 2), attested=False)
    f.meeting(doctor, D(2026, 2, 2))  # attested: nothing to do
    written_in = f.free_text_completion(
        doctor, "Kurs i smertelindring", D(2026, 2, 20), verified=False
    )
    db.session.add(
        EducationSite(name="Palliativt senter, Haukeland", kind=SiteKind.centre_with_beds,
                      approval=SiteApproval.approved)  # fmt: skip
    )
    db.session.flush()
    jobs.run(D(2026, 3, 9))  # a Monday
    (digest,) = [
        m for m in to(smtp_server.messages, coordinator.email) if "Ukeoversikt" in subject(m)
    ]
    body = text(digest)
    assert "Lise Lege: veiledningsmøte 02.03.2026" in body
    assert "02.02.2026" not in body
    assert "Palliativt senter, Haukeland: tilsyn for 2026" in body
    assert written_in.title in body  # a written-in course waits for verification too
