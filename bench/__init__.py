"""The national-scale benchmark (`make bench`): a cached synthetic country, ratios to floors.

Run ``python -m bench --help``. Parts whose feature code is missing are reported as skipped.
"""
