"""The bench's read-model part at a small scale: the model agrees with the engine for every
member of a synthetic country after a random stream of 1,000 evidence changes, and one change
costs the same statements in a small and a large network (no timings here)."""

from __future__ import annotations

from app.core.types import today_oslo
from app.progress import readmodel
from bench.readmodel import agreement, one_change
from bench.synthetic import seed_synthetic


def _country(db, persons: int = 400) -> None:
    seed_synthetic(persons, 5, today=today_oslo())
    db.session.commit()
    readmodel.rebuild(commit=True)


def test_a_thousand_random_changes_leave_the_model_equal_to_the_engine(db):
    _country(db)
    result = agreement(today_oslo(), 1000, 3)
    made = {kind: n for kind, n in result["by_kind"].items() if kind != "none"}
    assert set(made) == {"attendance", "completion", "hospitation", "facts", "membership_end"}
    assert sum(made.values()) > 700
    assert result["requirement_results"] > 500
    assert result["differences"] == 0, result["first_differences"]
    assert result["equal_after_undo"]


def test_one_change_costs_the_same_statements_in_a_small_and_a_large_network(db):
    _country(db)
    result = one_change(today_oslo())
    sizes = [v["members"] for v in result.values() if isinstance(v, dict)]
    assert min(sizes) * 3 < max(sizes)
    assert result["fixed"], result
