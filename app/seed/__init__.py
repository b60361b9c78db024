"""Reference, demo and synthetic data."""
