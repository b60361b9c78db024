"""Excel reports and the member import."""
