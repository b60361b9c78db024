"""The feature modules' demo seeders, in the order they depend on each other."""

from __future__ import annotations

SEEDERS: list = []
