"""API v1: kpm (filled in by its feature)."""

from app.api import bp  # noqa: F401
