"""Member import pages, for a network's coordinators.

- ``/reports/import/template.xlsx``: the template with the allowed values (for a network if
  given);
- ``/networks/<slug>/import``: upload a filled template; it is checked and kept;
- ``/networks/<slug>/import/<token>``: the preview, then confirm (all or nothing) or cancel.

The routes live on the networks blueprint; their URLs are older than this module and stay.
"""

from __future__ import annotations

from io import BytesIO

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select

from app.core import access, uploads, writes
from app.core.types import today_oslo
from app.core.xlsx import XLSX_MIMETYPE
from app.extensions import db
from app.networks import imports
from app.networks.imports.template import template_workbook
from app.networks.models import Network
from app.networks.views import bp


@bp.get("/reports/import/template.xlsx")
@login_required
def import_template():
    """The member-import template with the allowed values (for a network if given)."""
    if not access.is_coordinator(current_user):
        abort(403)
    slug = request.args.get("network")
    if slug:
        networks = [access.get_managed_network_or_404(current_user, slug)]
    else:
        ids = access.managed_network_ids(current_user)
        networks = list(
            db.session.scalars(select(Network).where(Network.id.in_(ids)).order_by(Network.name))
        )
    data = template_workbook(networks)
    name = f"medlemsimport-{slug}.xlsx" if slug else "medlemsimport.xlsx"
    response = send_file(
        BytesIO(data), mimetype=XLSX_MIMETYPE, as_attachment=True, download_name=name, max_age=0
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/networks/<slug>/import", methods=["GET", "POST"])
@login_required
def import_members(slug: str):
    """Upload a filled template; it is checked and kept, then previewed."""
    network = access.get_managed_network_or_404(current_user, slug)
    error = None
    if request.method == "POST":
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            error = _("Velg en Excel-fil (.xlsx) å laste opp.")
        else:
            data = upload.stream.read(uploads.max_bytes() + 1)
            # Only reads the file; the write path is the one place that turns its refusal into
            # the page's error (nothing is written, so its commit is empty).
            checked = writes.run(lambda: _check_upload(data), on_error=writes.silent)
            if not checked.ok:
                error = checked.error.message
            else:
                token = uploads.keep_upload(
                    data,
                    user_id=current_user.id,
                    network_id=network.id,
                    filename=upload.filename,
                )
                return redirect(url_for("networks.import_preview", slug=slug, token=token))
    status = 422 if error else 200
    return (
        render_template(
            "networks/import_upload.html",
            network=network,
            error=error,
            max_mb=uploads.max_bytes() / 1024 / 1024,
        ),
        status,
    )


def _check_upload(data: bytes) -> None:
    uploads.check_xlsx(data)
    imports.read_rows(data)


def _kept_preview(network: Network, token: str):
    kept = uploads.kept_upload(token, user_id=current_user.id, network_id=network.id)
    if kept is None:
        return None, None, None
    data, filename = kept
    uploads.check_xlsx(data)
    rows = imports.read_rows(data)
    preview = imports.build_preview(network, rows, user=current_user, as_of=today_oslo())
    return preview, filename, data


def _discard(token: str):
    """An `on_error` for a kept upload that no longer reads: throw it away and say why."""

    def on_error(_form, problem) -> None:
        uploads.discard_upload(token)
        flash(problem.message, "error")

    return on_error


@bp.get("/networks/<slug>/import/<token>")
@login_required
def import_preview(slug: str, token: str):
    """What the kept upload would create and change, and every bad row with the reason."""
    network = access.get_managed_network_or_404(current_user, slug)
    read = writes.run(lambda: _kept_preview(network, token), on_error=_discard(token))
    if not read.ok:
        return redirect(url_for("networks.import_members", slug=slug))
    preview, filename, _data = read.value
    if preview is None:
        flash(_("Fant ikke den opplastede filen. Last den opp på nytt."), "error")
        return redirect(url_for("networks.import_members", slug=slug))
    return render_template(
        "networks/import_preview.html",
        network=network,
        preview=preview,
        filename=filename,
        token=token,
    )


@bp.post("/networks/<slug>/import/<token>")
@login_required
def import_apply(slug: str, token: str):
    """Apply the previewed import, all or nothing; a changed plan is shown again instead."""
    return apply_kept_import(slug, token)


def apply_kept_import(slug: str, token: str, after=None):
    """Apply the kept, previewed import; `after(result)` runs in the same transaction.

    Packages above networks add to an import this way (auth invites the new persons) without
    networks knowing them; `after` returns a line for the success message, or None.
    """
    network = access.get_managed_network_or_404(current_user, slug)
    back = url_for("networks.import_preview", slug=slug, token=token)
    if request.form.get("action") == "cancel":
        # Only the user who uploaded the file (for this network) may throw it away.
        if uploads.kept_upload(token, user_id=current_user.id, network_id=network.id):
            uploads.discard_upload(token)
        flash(_("Importen er avbrutt. Ingenting er endret."), "info")
        return redirect(url_for("networks.members", slug=slug))
    read = writes.run(lambda: _kept_preview(network, token), on_error=_discard(token))
    if not read.ok:
        return redirect(url_for("networks.import_members", slug=slug))
    preview, _filename, _data = read.value
    if preview is None:
        flash(_("Fant ikke den opplastede filen. Last den opp på nytt."), "error")
        return redirect(url_for("networks.import_members", slug=slug))
    if request.form.get("digest") != preview.digest():
        flash(
            _("Registeret er endret siden forhåndsvisningen. Se over endringene på nytt."),
            "error",
        )
        return redirect(back)
    if not preview.ok:
        flash(_("Filen har rader med feil. Rett dem og last opp på nytt."), "error")
        return redirect(back)

    def apply():
        result = imports.apply_preview(preview)
        return result, (after(result) if after is not None else None)

    applied = writes.run(apply)
    if not applied.ok:
        return redirect(back)
    result, extra = applied.value
    uploads.discard_upload(token)
    flash(
        _(
            "Importert: %(c)s, %(u)d oppdatert, %(m)s.",
            c=ngettext("%(num)d ny person", "%(num)d nye personer", len(result.created)),
            u=len(result.updated),
            m=ngettext("%(num)d nytt medlemskap", "%(num)d nye medlemskap", result.memberships),
        ),
        "success",
    )
    if extra:
        flash(extra, "success")
    return redirect(url_for("networks.members", slug=slug))
