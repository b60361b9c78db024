"""Excel reports and member import pages."""

from flask import Blueprint

bp = Blueprint("reports", __name__)
