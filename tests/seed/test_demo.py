"""The demo seed command: never in production."""

from __future__ import annotations


def test_demo_data_is_refused_in_production(runner, monkeypatch):
    monkeypatch.setenv("APP_ENV", "production")
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code != 0
    assert "production" in result.output
