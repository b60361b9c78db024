"""Progress pages and the plan editor."""

from flask import Blueprint

bp = Blueprint("progress", __name__)
