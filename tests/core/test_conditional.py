"""Conditional responses: validators on every response, an empty 304 on a repeat request."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from flask import Flask

from app.core.conditional import send_conditional

BODY = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
CHANGED = dt.datetime(2026, 3, 1, 12, 0, 0, 654321, tzinfo=dt.UTC)


@pytest.fixture()
def client():
    app = Flask(__name__)

    @app.get("/feed.ics")
    def feed():
        return send_conditional(
            BODY, "text/calendar", last_modified=CHANGED, filename="Palliasjon-møter.ics"
        )

    @app.get("/given.ics")
    def given():
        return send_conditional(BODY, "text/calendar", etag='"v7"', private=True, max_age=60)

    @app.get("/report.xlsx")
    def report():
        return send_conditional(b"PK...", "application/octet-stream", filename="oversikt.xlsx")

    return app.test_client()


def test_first_request_gets_body_and_validators(client):
    response = client.get("/feed.ics")
    assert response.status_code == 200
    assert response.data == BODY
    assert response.mimetype == "text/calendar"
    assert response.headers["ETag"] == f'"{hashlib.sha256(BODY).hexdigest()}"'
    assert response.headers["Last-Modified"] == "Sun, 01 Mar 2026 12:00:00 GMT"
    assert response.headers["Cache-Control"] == "public, max-age=300"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("inline; ")
    assert 'filename="Palliasjon-moter.ics"' in disposition
    assert "filename*=UTF-8''Palliasjon-m%C3%B8ter.ics" in disposition


def test_matching_etag_gets_empty_304(client):
    etag = client.get("/feed.ics").headers["ETag"]
    response = client.get("/feed.ics", headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert response.headers["ETag"] == etag
    assert response.headers["Cache-Control"] == "public, max-age=300"


def test_etag_list_star_and_weak_form_match(client):
    etag = client.get("/feed.ics").headers["ETag"]
    for header in (f'"other", {etag}', "*", f"W/{etag}"):
        assert client.get("/feed.ics", headers={"If-None-Match": header}).status_code == 304


def test_other_etag_gets_full_body_even_if_date_matches(client):
    last_modified = client.get("/feed.ics").headers["Last-Modified"]
    response = client.get(
        "/feed.ics", headers={"If-None-Match": '"stale"', "If-Modified-Since": last_modified}
    )
    assert response.status_code == 200
    assert response.data == BODY


def test_if_modified_since_alone(client):
    last_modified = client.get("/feed.ics").headers["Last-Modified"]
    assert client.get("/feed.ics", headers={"If-Modified-Since": last_modified}).status_code == 304
    later = "Mon, 02 Mar 2026 00:00:00 GMT"
    assert client.get("/feed.ics", headers={"If-Modified-Since": later}).status_code == 304
    earlier = "Sun, 01 Mar 2026 11:59:59 GMT"
    response = client.get("/feed.ics", headers={"If-Modified-Since": earlier})
    assert response.status_code == 200
    assert response.data == BODY


def test_given_etag_and_private_cache(client):
    response = client.get("/given.ics")
    assert response.headers["ETag"] == '"v7"'
    assert response.headers["Cache-Control"] == "private, max-age=60"
    assert "Last-Modified" not in response.headers
    assert "Content-Disposition" not in response.headers
    assert client.get("/given.ics", headers={"If-None-Match": '"v7"'}).status_code == 304
    assert client.get("/given.ics", headers={"If-None-Match": '"v6"'}).status_code == 200


def test_head_request_is_conditional_too(client):
    etag = client.get("/given.ics").headers["ETag"]
    assert client.head("/given.ics", headers={"If-None-Match": etag}).status_code == 304


def test_binary_files_are_attachments(client):
    disposition = client.get("/report.xlsx").headers["Content-Disposition"]
    assert disposition.startswith("attachment; ")
    assert 'filename="oversikt.xlsx"' in disposition


def test_works_inside_a_request_context():
    app = Flask(__name__)
    with app.test_request_context("/", headers={"If-None-Match": '"abc"'}):
        response = send_conditional(b"x", "text/plain", etag='"abc"', as_attachment=True)
    assert response.status_code == 304
