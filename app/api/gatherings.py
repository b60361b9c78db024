"""API v1: gatherings (filled in by its feature)."""

from app.api import bp  # noqa: F401
