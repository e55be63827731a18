"""Keep passwords from connection URIs out of everything queryleaf prints.

urllib cannot read multi-host URIs (`mongodb://u:p@h1:27017,h2:27017/?replicaSet=rs`); a
message about such a URI must still never show the password, so the user-info part is
found by hand.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

_USERINFO = re.compile(r"^(?P<head>[A-Za-z][A-Za-z0-9+.-]*://[^:@/?#]*:)(?P<password>[^/?#]*)@")


def uri_password(uri: str | None) -> str | None:
    """The password part of a URI as written (still percent-encoded), if there is one."""
    match = _USERINFO.match(uri or "")
    return match.group("password") if match and match.group("password") else None


def redact_uri(uri: str) -> str:
    """The URI with its password replaced by `***`."""
    return _USERINFO.sub(lambda m: f"{m.group('head')}***@", uri, count=1)


def hide_password(text: str, uri: str | None) -> str:
    """Any message with the URI's password (encoded or decoded) replaced by `***`."""
    password = uri_password(uri)
    if not password:
        return text
    for secret in sorted({password, unquote(password)}, key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
