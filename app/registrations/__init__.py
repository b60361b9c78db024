"""Registrations and waiting lists, shared by course offerings and network gatherings."""
