"""Gatherings: network meetings, theme days, fagdager and intro courses, with reading lists
and calendars."""
