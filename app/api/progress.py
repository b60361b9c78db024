"""API v1: progress (filled in by its feature)."""

from app.api import bp  # noqa: F401
