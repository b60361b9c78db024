"""The competence-plan editor: every requirement kind built from form fields (no JSON), rows,
reordering, the preview of who is affected, errors on their field with the input kept."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from app.extensions import db
from app.networks.models import CompetencePlan
from app.progress import plans as plan_ops
from tests.factories import (
    make_coordinator,
    make_membership,
    make_network,
    make_person,
    make_user,
)

D = dt.date


class _Form(HTMLParser):
    """What a browser would submit from the editor: inputs, checked boxes, chosen options."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value", "")))
        elif tag == "textarea":
            self._textarea = a.get("name")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields.append((self._textarea, data))
            self._textarea = None


def form_of(res) -> dict[str, list[str]]:
    parser = _Form()
    parser.feed(res.get_data(as_text=True))
    out: dict[str, list[str]] = {}
    for name, value in parser.fields:
        out.setdefault(name, []).append(value)
    return out


def text(res) -> str:
    html = res.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture()
def net(db):
    network = make_network(professions=["nurse", "doctor"])
    for prof in ("nurse", "nurse", "doctor"):
        make_membership(make_person(profession=prof), network, D(2025, 1, 1))
    make_membership(make_person(), network, D(2020, 1, 1), D(2021, 1, 1))  # ended
    return network


def _plan(net):
    """The network's active plan as saved: requirement key → its CONTRACT shape."""
    db.session.expire_all()
    plan = db.session.scalar(
        select(CompetencePlan).where(
            CompetencePlan.network_id == net.id, CompetencePlan.active.is_(True)
        )
    )
    return {r.key: r.to_json() for r in plan.requirements}


def test_every_kind_is_built_from_fields_and_the_api_shows_the_saved_plan(
    client, login, api, net
):
    login(make_coordinator(net))
    url = f"/networks/{net.slug}/plans/ny/edit"
    res = client.get(url)
    assert res.status_code == 200 and "JSON" not in text(res)
    for kind in (
        "course",
        "gathering",
        "hospitation",
        "checklist",
        "service",
        "supervision",
        "teaching",
        "document",
    ):
        res = client.post(url, data={**form_of(res), "title": "Ny plan", "action": f"add:{kind}"})
        assert res.status_code == 200
    form = form_of(res)
    assert "JSON" not in text(res)
    form.update(
        {
            "req-0-title": ["Kurs på nivå B"],
            "req-0-p-courses": ["nff-lymfodem-grunnkurs", "nff-teoretisk-grunnkurs"],
            "req-0-p-match": ["all"],
            "req-0-deadline_months": ["24"],
            "req-1-title": ["Introduksjonskurs med leder"],
            "req-1-p-gathering_kind": ["intro_course"],
            "req-1-p-min_hours": ["6"],
            "req-1-p-with_leader": ["y"],
            "req-2-title": ["Hospitering"],
            "req-2-p-min_days": ["2,5"],
            "req-2-fact-further_education": ["y"],
            "req-3-title": ["Ferdigheter"],
            "req-3-item-0-title": ["Samtale om livets slutt"],
            "req-4-title": ["Klinisk tjeneste"],
            "req-4-p-months": ["24"],
            "req-5-title": ["Veiledning"],
            "req-6-title": ["Undervisning"],
            "req-7-title": ["Utdanningsplan"],
            "req-7-p-document": ["education_plan"],
            "req-7-professions": ["doctor"],
        }
    )
    res = client.post(url, data={**form, "action": "save"})
    assert res.status_code == 302, text(res)

    body = api(make_coordinator(net)).get(f"/api/v1/networks/{net.slug}").get_json()
    plan = next(p for p in body["plans"] if p["key"] == "ny")
    reqs = {r["key"]: r for r in plan["requirements"]}
    assert list(reqs) == [
        "kurs-pa-niva-b",
        "introduksjonskurs-med-leder",
        "hospitering",
        "ferdigheter",
        "klinisk-tjeneste",
        "veiledning",
        "undervisning",
        "utdanningsplan",
    ]
    course = reqs["kurs-pa-niva-b"]
    assert course["params"]["courses"] == ["nff-lymfodem-grunnkurs", "nff-teoretisk-grunnkurs"]
    assert course["params"]["match"] == "all" and course["deadline_months"] == 24
    assert reqs["introduksjonskurs-med-leder"]["params"] == {
        "gathering_kind": "intro_course",
        "count": 1,
        "min_hours": 6,
        "with_leader": True,
    }
    assert reqs["hospitering"]["params"] == {"min_days": 2.5, "goals_required": True}
    assert reqs["hospitering"]["not_applicable_if"] == {"further_education": True}
    assert reqs["ferdigheter"]["params"]["items"] == [
        {"key": "samtale-om-livets-slutt", "title": "Samtale om livets slutt"}
    ]
    service = reqs["klinisk-tjeneste"]["params"]
    assert service["months"] == 24
    assert service["site_kinds"]["centre_with_beds"] == {
        "max_months": 24,
        "min_months": 12,
        "min_pct": 50,
    }
    assert reqs["veiledning"]["params"] == {"first_within_days": 31, "max_gap_days": 31}
    assert reqs["undervisning"]["params"] == {"hours_per_year_full_time": 72}
    assert reqs["utdanningsplan"]["params"] == {"document": "education_plan"}
    assert reqs["utdanningsplan"]["professions"] == ["doctor"]


def test_a_bad_number_stays_on_its_field_as_typed_and_nothing_is_saved(client, login, net):
    plan_ops.put_plan(
        net,
        "plan",
        {
            "title": "Planen",
            "requirements": [
                {"key": "b", "title": "Krav B", "kind": "hospitation", "params": {"min_days": 2}}
            ],
        },
    )
    login(make_coordinator(net))
    url = f"/networks/{net.slug}/plans/plan/edit"
    form = form_of(client.get(url))
    assert form["req-0-p-min_days"] == ["2"]
    form["req-0-p-min_days"] = ["to dager"]
    res = client.post(url, data={**form, "action": "save"})
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and "Planen ble ikke lagret" in text(res)
    assert 'value="to dager"' in html and 'id="req-0-p-min_days-error"' in html
    assert "Må være et tall." in html
    # An operation's check lands on its field too, with the choice kept.
    form["req-0-p-min_days"] = ["-1"]
    res = client.post(url, data={**form, "action": "save"})
    assert 'id="req-0-p-min_days-error"' in res.get_data(as_text=True)
    assert _plan(net)["b"]["params"]["min_days"] == 2


def test_rows_reorder_remove_preview_and_what_the_editor_cannot_show_is_kept(client, login, net):
    plan_ops.put_plan(
        net,
        "plan",
        {
            "title": "Planen",
            "requirements": [
                {
                    "key": "a",
                    "title": "Krav A",
                    "kind": "document",
                    "professions": ["nurse"],
                    "not_applicable_if": {"profession": "doctor"},
                    "params": {"document": "education_plan"},
                },
                {"key": "b", "title": "Krav B", "kind": "hospitation", "params": {"min_days": 2}},
                {
                    "key": "c",
                    "title": "Sjekkliste",
                    "kind": "checklist",
                    "params": {
                        "items": [{"key": "en", "title": "Én"}, {"key": "to", "title": "To"}]
                    },
                },
            ],
        },
    )
    login(make_coordinator(net))
    url = f"/networks/{net.slug}/plans/plan/edit"
    res = client.get(url)
    page = text(res)
    assert "gjelder 2 aktive medlemmer" in page and "gjelder 3 aktive medlemmer" in page
    assert "<details id=\"req-0-block\">" in res.get_data(as_text=True)  # folded until opened

    res = client.post(url, data={**form_of(res), "action": "down:0"})
    page = text(res)
    assert page.index("Krav B") < page.index("Krav A") and "Flyttet" in page
    res = client.post(url, data={**form_of(res), "action": "add-item:2"})
    form = form_of(res)
    assert form["req-2-item_count"] == ["3"]
    form["req-2-item-2-title"] = ["Tre"]
    res = client.post(url, data={**form, "action": "remove-item:2:0"})
    form = form_of(res)
    assert form["req-2-item-0-title"] == ["To"] and form["req-2-item-1-title"] == ["Tre"]
    res = client.post(url, data={**form, "action": "save"})
    assert res.status_code == 302
    saved = _plan(net)
    assert list(saved) == ["b", "a", "c"]
    assert saved["a"]["not_applicable_if"] == {"profession": "doctor"}  # no field, kept
    assert saved["c"]["params"]["items"] == [
        {"key": "to", "title": "To"},
        {"key": "tre", "title": "Tre"},
    ]


def test_changing_a_blocks_kind_gives_that_kinds_fields(client, login, net):
    login(make_coordinator(net))
    url = f"/networks/{net.slug}/plans/ny/edit"
    res = client.post(url, data={"title": "Ny", "req_count": "0", "action": "add:course"})
    form = form_of(res)
    form["req-0-kind"] = ["hospitation"]
    form = form_of(client.post(url, data={**form, "action": "preview"}))
    assert form["req-0-p-min_days"] == ["2"] and "req-0-p-match" not in form


def test_the_editor_needs_a_coordinator_of_the_network(client, login, net):
    login(make_user("resource_person"))
    assert client.get(f"/networks/{net.slug}/plans/ny/edit").status_code == 404
    login(make_coordinator(make_network()))
    assert client.get(f"/networks/{net.slug}/plans/ny/edit").status_code == 404


@pytest.mark.parametrize("slug", ["innlandet-ressurssykepleiere", "vest-fysio-ergo", "kpm"])
def test_a_seeded_plan_opened_and_saved_unchanged_is_the_same_plan(client, login, db, slug):
    from tests.factories import network

    net = network(slug)
    before = _plan(net)
    login(make_coordinator(net))
    url = f"/networks/{slug}/plans/{net.active_plan.key}/edit"
    res = client.get(url)
    assert "Endret" not in text(res) and "Nytt krav" not in text(res)
    res = client.post(url, data={**form_of(res), "action": "save"})
    assert res.status_code == 302, text(res)
    after = _plan(net)
    for key in before:
        assert after[key] == before[key], key


def _focused(res) -> list[str]:
    """The ids of the elements the page focuses when it loads."""
    html = res.get_data(as_text=True)
    return re.findall(r'<[a-z]+ [^>]*\bid="([^"]+)"[^>]*\bautofocus\b', html) + re.findall(
        r'<[a-z]+ [^>]*\bautofocus\b[^>]*\bid="([^"]+)"', html
    )


def test_after_each_action_the_focus_goes_on_from_where_the_work_is(client, login, net):
    plan_ops.put_plan(
        net,
        "plan",
        {
            "title": "Planen",
            "requirements": [
                {"key": "b", "title": "Krav B", "kind": "hospitation", "params": {"min_days": 2}},
                {
                    "key": "c",
                    "title": "Sjekkliste",
                    "kind": "checklist",
                    "params": {"items": [{"key": "x", "title": "X"}]},
                },
            ],
        },
    )
    login(make_coordinator(net))
    url = f"/networks/{net.slug}/plans/plan/edit"
    form = form_of(client.get(url))
    assert _focused(client.get(url)) == []

    def after(action: str, **changes) -> list[str]:
        return _focused(client.post(url, data={**form, **changes, "action": action}))

    assert after("add:course") == ["req-2-title"]
    assert after("add-item:1") == ["req-1-item-1-title"]
    assert after("remove-item:1:0") == ["req-1-add-item"]  # no row left
    assert after("up:1") == ["req-0-down"]  # moved to the top: its own other move button
    assert after("down:0") == ["req-1-up"]
    assert after("remove:0") == ["req-0-summary"]  # the block that took its place
    assert after("preview:top") == ["preview-top"]
    assert after("preview", **{"req-0-kind": ["document"]}) == ["req-0-kind"]
    # A failed save: the first wrong field, whose message is read with it.
    assert after("save", **{"req-1-deadline_months": ["to"]}) == ["req-1-deadline_months"]
    res = client.post(url, data={**form, "action": "save"})
    assert "saved=1" in res.headers["Location"]
    saved = client.get(res.headers["Location"]).get_data(as_text=True)
    assert 'class="flashes" role="status" tabindex="-1" autofocus' in saved
