"""API v1: courses (filled in by its feature)."""

from app.api import bp  # noqa: F401
