"""Doctors' KPM records: service periods, supervision, teaching, skills, documents."""
