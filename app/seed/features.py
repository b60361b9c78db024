"""The feature modules' demo seeders, in the order they depend on each other."""

from __future__ import annotations

from app.courses.demo import seed_demo as courses_demo
from app.gatherings.demo import seed_demo as gatherings_demo
from app.hospitation.demo import seed_demo as hospitation_demo
from app.kpm.demo import seed_demo as kpm_demo

SEEDERS: list = [courses_demo, gatherings_demo, hospitation_demo, kpm_demo]
