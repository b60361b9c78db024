"""Networks, memberships, competence plans, gatherings and network calendars."""
