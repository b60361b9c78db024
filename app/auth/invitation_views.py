"""Invitation pages: the link's page, and inviting from the person page, the members list and
the member import (auth sits above networks, so the import's "invite the new persons" step is
added here, around the networks' apply step, in the same transaction)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user
from sqlalchemy import or_, select

from app.auth import invitations, operations
from app.auth.forms import InvitationForm
from app.auth.views import bp
from app.core import access, writes
from app.core.templating import format_date
from app.extensions import db
from app.networks.import_views import apply_kept_import
from app.networks.models import Membership
from app.people.models import Person


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Choose a password from a valid invitation; a used, voided or expired link changes
    nothing."""
    invitation = invitations.find(token)
    if not invitations.usable(invitation):
        state = "unknown"
        if invitation is not None:
            state = "used" if invitation.accepted_at else "void"
        return render_template("auth/invitation_invalid.html", state=state), 410
    form = InvitationForm()
    if form.validate_on_submit():
        outcome = writes.run(
            lambda: invitations.accept(invitation, form.password.data, form.password2.data),
            form=form,
        )
        if outcome.ok:
            login_user(outcome.value)
            flash(_("Velkommen! Kontoen din er klar."), "success")
            return redirect(url_for("progress.person_progress", person_id=outcome.value.person_id))
    status = 200 if request.method == "GET" or not form.errors else 422
    return (
        render_template(
            "auth/invitation.html",
            form=form,
            invitation=invitation,
            min_password_length=operations.MIN_PASSWORD_LENGTH,
        ),
        status,
    )


def _invitable_person(person_id: int) -> Person:
    person = access.get_person_or_404(current_user, person_id)
    if not access.can_invite(current_user, person):
        abort(403)
    return person


@bp.post("/persons/<int:person_id>/invite")
@login_required
def invite_person(person_id: int):
    """Send (or send again) the person an invitation."""
    person = _invitable_person(person_id)
    role = request.form.get("role") or None
    outcome = writes.run(lambda: invitations.invite(person, current_user, role=role))
    if outcome.ok:
        flash(_("Invitasjonen er sendt til %(email)s.", email=person.email), "success")
    return redirect(url_for("people.show_person", person_id=person.id))


@bp.post("/networks/<slug>/invitations")
@login_required
def invite_members(slug: str):
    """Invite the chosen members: first a confirmation with the number of e-mails, then send."""
    network = access.get_managed_network_or_404(current_user, slug)
    ids = {int(v) for v in request.form.getlist("person_id") if v.isdigit() and len(v) < 12}
    # The members table sends memberships (one checkbox per row serves every bulk action).
    chosen = {int(v) for v in request.form.getlist("membership_id") if v.isdigit() and len(v) < 12}
    persons = list(
        db.session.scalars(
            select(Person)
            .join(Membership, Membership.person_id == Person.id)
            .where(
                Membership.network_id == network.id,
                or_(Person.id.in_(ids), Membership.id.in_(chosen)),
            )
            .distinct()
            .order_by(Person.name)
        )
    )
    back = url_for("networks.members", slug=slug)
    if not persons:
        flash(_("Velg minst én person å invitere."), "error")
        return redirect(back)
    accounts = invitations.accounts_for(persons)
    to_invite = [p for p in persons if p.id not in accounts]
    if request.form.get("confirm") != "1":
        return render_template(
            "auth/invite_confirm.html",
            network=network,
            persons=to_invite,
            skipped=[p for p in persons if p.id in accounts],
        )
    outcome = writes.run(lambda: invitations.invite_many(to_invite, current_user, network))
    if outcome.ok:
        flash(
            ngettext(
                "%(num)d invitasjon er sendt.", "%(num)d invitasjoner er sendt.", outcome.value
            ),
            "success",
        )
    return redirect(back)


@bp.post("/networks/<slug>/import/<token>/confirm")
@login_required
def import_apply_inviting(slug: str, token: str):
    """Apply a previewed import; with "invite" ticked, invite each new person too."""
    network = access.get_managed_network_or_404(current_user, slug)
    if request.form.get("invite") != "1":
        return apply_kept_import(slug, token)

    def invite_created(result) -> str:
        count = invitations.invite_many(result.created, current_user, network)
        return ngettext("%(num)d invitasjon er sendt.", "%(num)d invitasjoner er sendt.", count)

    return apply_kept_import(slug, token, after=invite_created)


# --------------------------------------------------------------------------- partials


@bp.app_template_global()
def auth_for_person(person) -> dict:
    """Data for auth/_person.html: the account, the newest invitation, may I invite."""
    if not access.is_coordinator(current_user):
        return {"show": False}
    account = invitations.account_of(person)
    latest = invitations.latest_for([person.id]).get(person.id)
    return {
        "show": True,
        "account": account,
        "invitation": latest,
        "usable": invitations.usable(latest),
        "can_invite": account is None and access.can_invite(current_user, person),
        "leads": invitations.leads_someone(person),
    }


@bp.app_template_global()
def account_states(rows) -> dict[int, str]:
    """For a members list (rows with ``person_id`` and ``email``): person id → what the
    account column says. Two queries of tuples, each wording translated once."""
    words = {
        "active": _("aktiv"),
        "inactive": _("deaktivert"),
        "expired": _("invitasjon utløpt"),
        "none": _("ingen"),
    }
    invited = _("invitert %(d)s")
    out = {}
    for person_id, (state, sent) in invitations.states_for(
        [(row.person_id, row.email) for row in rows]
    ).items():
        out[person_id] = invited % {"d": format_date(sent)} if state == "invited" else words[state]
    return out
