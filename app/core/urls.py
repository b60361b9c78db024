"""Safe redirect targets: only same-site paths, never another host."""

from __future__ import annotations

from urllib.parse import urlsplit


def is_safe_path(target: str | None) -> bool:
    """True for a same-site absolute path such as "/persons?page=2".

    Browsers drop tabs and newlines from URLs and read "\\" as "/", so "/\\t/evil.com" and
    "/\\\\evil.com" would go to another host: any control character or backslash is refused.
    """
    if not target or len(target) > 2000:
        return False
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target) or "\\" in target:
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        return False
    if parts.scheme or parts.netloc:
        return False
    return parts.path.startswith("/") and not parts.path.startswith("//")


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a safe same-site path, else `default`."""
    return target if is_safe_path(target) else default
