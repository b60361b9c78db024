"""Requirement-kind labels live on RequirementKind, in bokmål, one per kind."""

from __future__ import annotations

from app.networks.models import RequirementKind
from app.progress import rules


def test_every_kind_has_its_bokmal_label(app):
    with app.test_request_context():
        assert dict(RequirementKind.choices()) == {
            "course": "Kurs",
            "gathering": "Samling",
            "hospitation": "Hospitering",
            "checklist": "Sjekkliste",
            "service": "Klinisk tjeneste",
            "supervision": "Veiledning",
            "teaching": "Undervisning",
            "document": "Dokument",
        }
        assert RequirementKind.service.label == "Klinisk tjeneste"
    assert {k.value for k in RequirementKind} == set(rules.KINDS)
