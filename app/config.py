"""Configuration read from the environment (a `.env` file is read if present)."""

from __future__ import annotations

import os
from pathlib import Path

from dotenv import load_dotenv

load_dotenv()

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("INSTANCE_PATH", BASE_DIR / "instance"))


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _roles(value: str) -> frozenset[str]:
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def is_production() -> bool:
    """True when FLASK_ENV or APP_ENV says production."""
    env = (os.environ.get("APP_ENV") or os.environ.get("FLASK_ENV") or "").lower()
    return env == "production"


class Config:
    """Settings for development and production, from the environment."""

    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'kompetansenett.sqlite3'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SECRET_KEY = os.environ.get("SECRET_KEY")
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Kompetansenett <noreply@kompetansenett.no>")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    #: "inline": mail a request queues leaves right after its commit, in the same process;
    #: "worker": the task engine's worker delivers it (see README, "Notifications")
    MAIL_DELIVERY = os.environ.get("MAIL_DELIVERY", "inline")
    #: the task engine's Redis (Huey): worker and scheduler
    REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    #: the queue's name in Redis (several installations may share one Redis)
    HUEY_NAME = os.environ.get("HUEY_NAME", "kompetansenett")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    #: the rate-limit storage (Redis) gone: count in memory meanwhile (Flask-Limiter logs a
    #: warning) and never fail a request because of it
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    #: failed sign-ins per account (keyed on the submitted e-mail), from any address
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per hour")
    #: MFA code attempts per pending sign-in (and per address)
    MFA_RATE_LIMIT = os.environ.get("MFA_RATE_LIMIT", "5 per minute;20 per hour")
    RATELIMIT_HEADERS_ENABLED = True
    #: roles that must enrol TOTP before any page (comma-separated; empty: nobody)
    MFA_REQUIRED_ROLES = _roles(os.environ.get("MFA_REQUIRED_ROLES", "admin,coordinator"))
    #: a signed-in session ends after this many idle minutes, and this many hours at most
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "60"))
    SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
    #: OpenID Connect sign-in (HelseID), off unless OIDC_ISSUER is set
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER") or None
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET")
    OIDC_SCOPE = os.environ.get("OIDC_SCOPE", "openid profile email")
    #: the claim carrying the HPR number (HelseID's, with plain `hpr_number` also accepted)
    OIDC_HPR_CLAIM = os.environ.get("OIDC_HPR_CLAIM", "helseid://claims/hpr/hpr_number")
    #: the button's label names the provider
    OIDC_PROVIDER_NAME = os.environ.get("OIDC_PROVIDER_NAME", "HelseID")
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "nn", "en")
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", BASE_URL.startswith("https://"))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    PASSWORD_RESET_MAX_AGE = 3600
    PER_PAGE = 50
    #: proxies in front of the app whose X-Forwarded-* headers are trusted (0: none)
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    #: years after the end of a person's last membership before she is anonymised
    RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", "5"))
    TESTING = False


class ProductionConfig(Config):
    """Production: SECRET_KEY is required and cookies are secure."""

    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


class TestConfig(Config):
    """Tests: a throwaway database; CSRF off (tests that check CSRF turn it back on)."""

    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105 - test only
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = True
    MAIL_SERVER = None
    BASE_URL = "http://localhost"
    #: a Redis database of its own for the task-engine tests (Huey)
    REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
