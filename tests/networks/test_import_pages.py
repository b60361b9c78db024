"""The member import pages: who may act on an uploaded import."""

from __future__ import annotations

from tests.factories import (
    make_coordinator,
    network,
)

SLUG = "innlandet-ressurssykepleiere"


def test_only_the_uploader_can_cancel_an_import(client, login, db):
    import io

    from app.core import uploads
    from tests.networks.helpers import xlsx

    net = network(SLUG)
    owner = make_coordinator(net)
    login(owner)
    res = client.post(
        f"/networks/{SLUG}/import",
        data={"file": (io.BytesIO(xlsx([["Ola", "ola@example.no", "nurse"]])), "m.xlsx")},
        content_type="multipart/form-data",
    )
    location = res.headers["Location"]
    token = location.rstrip("/").rsplit("/", 1)[-1]
    login(make_coordinator(net))  # a co-coordinator of the same network
    client.post(location, data={"action": "cancel"})
    assert uploads.kept_upload(token, user_id=owner.id, network_id=net.id) is not None
    login(owner)
    client.post(location, data={"action": "cancel"})
    assert uploads.kept_upload(token, user_id=owner.id, network_id=net.id) is None
