"""Gatherings pages and calendars."""

from flask import Blueprint

bp = Blueprint("gatherings", __name__)
