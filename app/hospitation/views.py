"""Hospitation sites and hospitations pages."""

from flask import Blueprint

bp = Blueprint("hospitation", __name__)
