"""Professions, regions, trust areas, municipalities, workplaces, persons, public register."""
