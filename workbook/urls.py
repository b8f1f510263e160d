"""Web and phone addresses a child may be sent to: refused unless plainly safe and scannable.

In: an address from content. Out: the same address, or a ValueError saying what is wrong
and what to write instead (pydantic turns it into a content error with its line).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from .qr import MAX_VERSION, qr_version

_HOST_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def check_url(url: str, schemes: tuple[str, ...]) -> str:
    """Refuse any address a reader should not be sent to; return it unchanged when it is fine.

    Only https: (and tel: where a phone number is meant): no http:, javascript:, data: or
    file:, no user part that disguises the host (``https://a21.org@evil.example``), no
    spaces or invisible characters, a host name rather than an IP address.
    """
    if any(ch.isspace() or not ch.isprintable() for ch in url):
        raise ValueError("a link must not contain spaces or invisible characters")
    if not url.isascii():
        raise ValueError("a link must be plain ASCII: write other characters %-encoded "
                         "(and an international domain in its xn-- form)")
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in schemes:
        allowed = " or ".join(f"{s}:" for s in schemes)
        raise ValueError(f"only {allowed} addresses are allowed here (found {scheme + ':' if scheme else 'no scheme'}); "
                         "write the full https:// address")
    if scheme == "tel":
        if not re.fullmatch(r"tel:\+?[0-9][0-9().\-]{2,}", url):
            raise ValueError("a tel: link is tel: and the digits, e.g. tel:+448001111 (no spaces)")
        return url
    return _check_web(url)


def _check_web(url: str) -> str:
    """An https address with a real host name: letters, digits and hyphens, dot-separated."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises on a port that is not a number
    except ValueError as exc:
        raise ValueError(f"this is not a valid web address ({exc})")
    if not url.lower().startswith("https://") or not parts.netloc:
        raise ValueError("a link must be a full https:// address, e.g. https://a21.org/education")
    if "@" in parts.netloc:
        raise ValueError("a user part before '@' can disguise where a link leads; remove it")
    host = parts.hostname or ""
    labels = host.split(".")
    if len(labels) < 2 or not all(_HOST_LABEL.fullmatch(x) for x in labels) or not labels[-1].isalpha():
        raise ValueError(f"'{host}' is not a web host name like a21.org")
    return url


def check_qr_size(url: str) -> str:
    """Refuse, when it is read, an address too long to scan as a QR code at print size."""
    version = qr_version(url)
    if version > MAX_VERSION:
        raise ValueError(f"this address is too long for a QR code that scans at print size (it needs "
                         f"version {version}, the most is {MAX_VERSION}); use a shorter address")
    return url
