"""API v1: hospitations (filled in by its feature)."""

from app.api import bp  # noqa: F401
