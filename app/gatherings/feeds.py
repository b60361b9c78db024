"""The gatherings blueprint's calendar routes: the network's public feed, renewing a person's
secret feed address, and the subscribe links the other pages show. The personal feed itself
(``gatherings.person_calendar``) carries deadlines too, so it is served from
:mod:`app.notifications.feeds`, above progress.

They join the ``gatherings`` blueprint (endpoint names ``gatherings.network_calendar`` …), kept
apart from views.py only to keep both modules short.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.core import access, writes
from app.core.conditional import send_conditional
from app.core.ical import ICAL_MIMETYPE
from app.gatherings import calendar, operations
from app.gatherings.views import bp
from app.networks.models import Network
from app.people.models import Person


def _subscribe_links(https_url: str) -> dict[str, str]:
    """The feed's address for a browser (https) and for calendar apps (webcal://)."""
    rest = https_url.split("://", 1)[1]
    return {"https": https_url, "webcal": f"webcal://{rest}"}


@bp.app_template_global()
def network_calendar_links(network: Network) -> dict[str, str]:
    """Subscribe links of the network's public calendar."""
    return _subscribe_links(
        url_for("gatherings.network_calendar", slug=network.slug, _external=True)
    )


@bp.app_template_global()
def personal_calendar_links(person: Person) -> dict[str, str] | None:
    """The person's private feed links, only for the person and admins."""
    if not (current_user.is_authenticated and _may_renew(person)):
        return None
    return _subscribe_links(
        url_for("gatherings.person_calendar", token=person.calendar_token, _external=True)
    )


def _may_renew(person: Person) -> bool:
    return current_user.person_id == person.id or access.is_admin(current_user)


# --- calendars ------------------------------------------------------------------------------


@bp.get("/networks/<slug>/calendar.ics")
def network_calendar(slug: str):
    """The network's public calendar (gatherings and linked course offerings)."""
    network = access.get_network_or_404(slug)
    etag = calendar.network_feed_etag(network)
    if request.if_none_match.contains_weak(etag):
        # The subscriber's copy is current: answer without building a single event.
        return send_conditional(b"", ICAL_MIMETYPE, etag=etag, max_age=900)
    feed = calendar.cached_network_feed(network, etag)
    return send_conditional(
        feed.body,
        ICAL_MIMETYPE,
        etag=etag,
        last_modified=feed.last_modified,
        filename=f"{network.slug}.ics",
        max_age=900,
    )


@bp.post("/persons/<int:person_id>/calendar-token")
@login_required
def renew_calendar_token(person_id: int):
    """A new secret address for the person's calendar; the old one stops working."""
    person = access.get_person_or_404(current_user, person_id)
    if not _may_renew(person):
        abort(403)
    if not writes.run(lambda: operations.renew_calendar_token(person)).ok:
        return redirect(url_for("people.show_person", person_id=person.id))
    flash(
        _("Ny kalenderadresse er laget. Den gamle virker ikke lenger: abonner på nytt."),
        "success",
    )
    return redirect(url_for("people.show_person", person_id=person.id))
