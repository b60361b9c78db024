"""The text of each notification, in the recipient's language, with its links and headers.

Every message names the person, the requirement (its title) and the date (``dd.mm.yyyy``), links
to the page (absolute, from ``BASE_URL``), and carries ``List-Unsubscribe`` /
``List-Unsubscribe-Post`` headers and a line with the signed link that turns its kind off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from flask import current_app
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from app.core.ical import build_calendar
from app.core.seed_texts import seeded
from app.core.templating import format_date, format_datetime
from app.courses.calendar import offering_events
from app.courses.models import Offering
from app.gatherings.calendar import gathering_event
from app.gatherings.models import Gathering
from app.notifications import rules
from app.notifications.queries import Recipient

_SALT = "kn-unsubscribe"


def base_url() -> str:
    """The absolute address of the site, without a trailing slash."""
    return str(current_app.config.get("BASE_URL") or "").rstrip("/")


@lru_cache(maxsize=8)
def _serializer_for(secret: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret, salt=_SALT)


def _serializer() -> URLSafeSerializer:
    return _serializer_for(current_app.config["SECRET_KEY"])


#: (locale, msgid) → translated text: the daily job renders thousands of messages, and a
#: Flask-Babel lookup per string costs more than the rest of the rendering
_TRANSLATED: dict[tuple[str, str], str] = {}


def _translator(locale: str) -> Callable[..., str]:
    """``gettext`` for one language, each message id looked up once per process."""

    def translate(msgid: str, **variables: object) -> str:
        key = (locale, msgid)
        text = _TRANSLATED.get(key)
        if text is None:
            text = _TRANSLATED[key] = _(msgid)
        return text % variables if variables else text

    return translate


def unsubscribe_token(email: str, kind: str) -> str:
    """A signed token naming an address and a kind (no sign-in needed to use it)."""
    return _serializer().dumps([email.lower(), kind])


def read_unsubscribe_token(token: str) -> tuple[str, str] | None:
    """(e-mail, kind) from a token, or None when it is not ours."""
    try:
        email, kind = _serializer().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(email, str) or kind not in rules.KINDS:
        return None
    return email, kind


def unsubscribe_url(email: str, kind: str) -> str:
    """The one-click unsubscribe address for that address and kind."""
    return f"{base_url()}/varsler/av/{unsubscribe_token(email, kind)}"


@dataclass
class Message:
    """A rendered notification, ready for the outbox."""

    subject: str
    body: str
    headers: dict[str, str]
    attachments: list[tuple[str, str, bytes]]


def kind_label(kind: str, _: Callable[..., str] = _) -> str:
    """The kind's name as the preferences page and the mails say it."""
    return {
        "deadline_soon": _("Frist om 30 dager"),
        "overdue": _("Frist passert"),
        "event_soon": _("Samling eller kurs om 7 dager"),
        "leader_digest": _("Månedlig oversikt for ledere"),
        "coordinator_digest": _("Ukentlig oversikt for koordinatorer"),
    }[kind]


def _footer(kind: str, unsubscribe: str, _: Callable[..., str]) -> str:
    return "\n".join(
        [
            "",
            "-- ",
            _("Du får denne e-posten fra Kompetansenett (%(kind)s).", kind=kind_label(kind, _)),
            _("Slå av denne typen varsler: %(url)s", url=unsubscribe),
            _("Alle varslene dine: %(url)s", url=f"{base_url()}/varsler"),
        ]
    )


def _headers(unsubscribe: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def progress_url(person_id: int) -> str:
    """The person's progress page."""
    return f"{base_url()}/persons/{person_id}/progress"


def _deadline_line(d: rules.Deadline, names: dict[int, str], _: Callable[..., str]) -> str:
    return _(
        "%(person)s: %(title)s, frist %(date)s (%(url)s)",
        person=names.get(d.person_id, ""),
        title=d.title,
        date=format_date(d.deadline),
        url=progress_url(d.person_id),
    )


def _deadline_soon(notice, to: Recipient, names, _) -> tuple[str, list[str]]:
    (d,) = notice.about
    subject = _("Frist %(date)s: %(title)s", date=format_date(d.deadline), title=d.title)
    lines = [
        _("Hei %(name)s,", name=names.get(d.person_id, "")),
        "",
        _(
            "Fristen for «%(title)s» er %(date)s, og kravet er ikke oppfylt ennå.",
            title=d.title,
            date=format_date(d.deadline),
        ),
        _("Se hva som gjenstår: %(url)s", url=progress_url(d.person_id)),
    ]
    return subject, lines


def _overdue(notice, to: Recipient, names, _) -> tuple[str, list[str]]:
    (d,) = notice.about
    person = names.get(d.person_id, "")
    subject = _("Frist passert: %(title)s (%(person)s)", title=d.title, person=person)
    if to.person_id == d.person_id:
        first = _(
            "Fristen for «%(title)s» var %(date)s, og kravet er ikke oppfylt.",
            title=d.title,
            date=format_date(d.deadline),
        )
    else:
        first = _(
            "Fristen for «%(title)s» for %(person)s var %(date)s, og kravet er ikke oppfylt.",
            title=d.title,
            person=person,
            date=format_date(d.deadline),
        )
    lines = [
        _("Hei %(name)s,", name=to.name),
        "",
        first,
        _("Se fremdriften: %(url)s", url=progress_url(d.person_id)),
    ]
    return subject, lines


def _event_soon(notice, to: Recipient, event, _) -> tuple[str, list[str], bytes, str]:
    if isinstance(event, Gathering):
        title, start, place = event.title, event.start, event.location or event.online_url
        url = f"{base_url()}/gatherings/{event.id}"
        event_ = gathering_event(event, categories=(event.network.name,))
        ics = build_calendar(event.title, [event_])
    else:
        title, start, place = seeded(event.course.title), event.start, event.location
        url = f"{base_url()}/courses/offerings/{event.id}"
        ics = build_calendar(title, offering_events([event]))
    subject = _("Om 7 dager: %(title)s, %(date)s", title=title, date=format_date(start))
    lines = [
        _("Hei %(name)s,", name=to.name),
        "",
        _("Du er påmeldt «%(title)s».", title=title),
        _("Tid: %(when)s", when=format_datetime(start)),
        _("Sted: %(place)s", place=place or _("ikke oppgitt")),
        _("Mer informasjon: %(url)s", url=url),
        _("Hendelsen ligger vedlagt som kalenderfil (.ics)."),
    ]
    return subject, lines, ics, "invitation.ics"


def _leader_digest(notice, to: Recipient, names, _) -> tuple[str, list[str]]:
    subject = _("Månedsoversikt: frister for dine ansatte")
    lines = [
        _("Hei %(name)s,", name=to.name),
        "",
        _("Disse kravene for dine ansatte har passert fristen eller har frist innen 60 dager:"),
        "",
    ]
    lines += [f"- {_deadline_line(d, names, _)}" for d in notice.about]
    return subject, lines


def _section_title(name: str, _: Callable[..., str]) -> str:
    return {
        "new_overdue": _("Nye forfalte krav siste uke"),
        "completions": _("Kurs tatt andre steder som venter på godkjenning"),
        "waitlists": _("Fulle kurs med venteliste"),
        "kpm_records": _("KPM-registreringer som venter på attestering"),
        "inspections": _("Utdanningssteder som skal ha tilsyn i år"),
        "findings_overdue": _("Avvik fra tilsyn som har passert fristen"),
    }.get(name, name)


def _section_line(name: str, line, names, _: Callable[..., str]) -> str:
    if name == "new_overdue":
        return _deadline_line(line, names, _)
    if name == "completions":
        person, title, day = line
        return _(
            "%(person)s: %(title)s, fullført %(date)s",
            person=person,
            title=title,
            date=format_date(day),
        )
    if name == "kpm_records":
        person, kind, day = line
        what = {
            "supervision_meeting": _("veiledningsmøte"),
            "teaching_hours": _("undervisningstimer"),
            "document": _("dokument"),
        }.get(kind, kind)
        return _("%(person)s: %(what)s %(date)s", person=person, what=what, date=format_date(day))
    if name == "inspections":
        site, year = line
        return _("%(site)s: tilsyn for %(year)s", site=site, year=year)
    if name == "findings_overdue":
        site, finding, deadline = line
        return _(
            "%(site)s: %(finding)s (frist %(date)s)",
            site=site,
            finding=_one_line(finding),
            date=format_date(deadline),
        )
    if name == "waitlists":
        title, start, offering_id = line
        return _(
            "%(title)s, %(date)s (%(url)s)",
            title=title,
            date=format_date(start),
            url=f"{base_url()}/courses/offerings/{offering_id}",
        )
    return str(line)


def _one_line(text: str, limit: int = 120) -> str:
    """A finding's text on one line, cut to ``limit`` characters."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _coordinator_digest(notice, to: Recipient, names, _) -> tuple[str, list[str]]:
    subject = _("Ukeoversikt for dine nettverk")
    lines = [_("Hei,"), ""]
    for section in notice.about:
        lines += [_section_title(section.name, _) + ":"]
        lines += [f"- {_section_line(section.name, line, names, _)}" for line in section.lines]
        lines.append("")
    return subject, lines


def render(
    notice: rules.Notice,
    to: Recipient,
    names: dict[int, str],
    events: tuple[dict[int, Gathering], dict[int, Offering]] = ({}, {}),
) -> Message | None:
    """The notification for that recipient, in her language; None when its event is gone."""
    with force_locale(to.locale):
        return render_here(notice, to, names, events)


def render_here(
    notice: rules.Notice,
    to: Recipient,
    names: dict[int, str],
    events: tuple[dict[int, Gathering], dict[int, Offering]] = ({}, {}),
) -> Message | None:
    """As :func:`render`, in the language already in force (the job renders a whole
    language's messages inside one ``force_locale``)."""
    translate = _translator(str(get_locale()))
    attachments = []
    if notice.kind == "event_soon":
        (upcoming,) = notice.about
        pool = events[0] if upcoming.what == "gathering" else events[1]
        event = pool.get(upcoming.what_id)
        if event is None:
            return None
        subject, lines, ics, filename = _event_soon(notice, to, event, translate)
        attachments.append((filename, "text/calendar", ics))
    else:
        builder = {
            "deadline_soon": _deadline_soon,
            "overdue": _overdue,
            "leader_digest": _leader_digest,
            "coordinator_digest": _coordinator_digest,
        }[notice.kind]
        subject, lines = builder(notice, to, names, translate)
    unsubscribe = unsubscribe_url(to.email, notice.kind)
    body = "\n".join(lines) + "\n" + _footer(notice.kind, unsubscribe, translate) + "\n"
    return Message(subject, body, _headers(unsubscribe), attachments)
