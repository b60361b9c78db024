"""Doctors' KPM records pages."""

from flask import Blueprint

bp = Blueprint("kpm", __name__)
