"""The start page, dashboards and the audit log (top layer: it reads every feature)."""
