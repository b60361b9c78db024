"""The network feed answers a current subscriber with 304 without building any event,
and its validator changes with every change that changes the feed."""

from __future__ import annotations

from app.gatherings import calendar, operations
from tests.factories import make_gathering, network


def test_repeat_fetch_is_304_without_loading_events(client, db, count_queries):
    net = network("innlandet-ressurssykepleiere")
    for day in range(1, 21):
        make_gathering(net, title=f"Samling {day}")
    first = client.get(f"/networks/{net.slug}/calendar.ics")
    assert first.status_code == 200 and first.data.count(b"BEGIN:VEVENT") >= 20
    etag = first.headers["ETag"]
    calendar._FEED_CACHE.clear()  # measure a real build, not the per-process cache
    with count_queries() as full:
        again = client.get(f"/networks/{net.slug}/calendar.ics")
    assert again.data == first.data and again.headers["ETag"] == etag
    with count_queries() as revalidate:
        not_modified = client.get(
            f"/networks/{net.slug}/calendar.ics", headers={"If-None-Match": etag}
        )
    assert not_modified.status_code == 304 and not_modified.data == b""
    # The network and two aggregates (plus the test's savepoint bookkeeping); no event rows.
    assert revalidate.count <= 5
    assert revalidate.count < full.count


def test_validator_changes_when_a_gathering_changes(client, db):
    net = network("innlandet-ressurssykepleiere")
    gathering = make_gathering(net)
    etag = client.get(f"/networks/{net.slug}/calendar.ics").headers["ETag"]
    operations.update_gathering(gathering, {"location": "Gjøvik"})
    changed = client.get(f"/networks/{net.slug}/calendar.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert b"Gj\xc3\xb8vik" in changed.data and changed.headers["ETag"] != etag
