"""URLs of the hub: normalised bases and safely built page and API addresses.

Every URL handed to a browser or to urllib is built here from a validated base and
percent-encoded path segments, so a hostile resource or session id can neither leave
the hub's base path nor point anywhere else (no open redirect).
"""
from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

MAX_ID_LENGTH = 200
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f\\]")


class UrlError(ValueError):
    pass


def normalise_base_url(raw: object, *, name: str = "URL") -> str:
    """An absolute http(s) URL with a host, no credentials, query or fragment, ending in '/'."""
    if not isinstance(raw, str) or not raw.strip():
        raise UrlError(f"{name} is empty")
    text = raw.strip()
    if _CONTROL.search(text):
        raise UrlError(f"{name} must not contain spaces, control characters or backslashes")
    try:
        parts = urlsplit(text)
        port = parts.port  # raises ValueError on a bad port
    except ValueError as exc:
        raise UrlError(f"{name} is not a valid URL") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise UrlError(f"{name} must be an absolute http:// or https:// URL")
    if parts.username is not None or parts.password is not None:
        raise UrlError(f"{name} must not contain a user name or password")
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise UrlError(f"{name} must not have a query string or fragment")
    path = parts.path or "/"
    segments = path.split("/")
    if any(_is_dot_segment(s) for s in segments) or "//" in path:
        raise UrlError(f"{name} must not contain '.', '..' or empty path segments")
    if not path.endswith("/"):
        path += "/"
    host = parts.hostname.lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit((scheme, netloc, path, "", ""))


def origin_of(url: str) -> str:
    """scheme://host[:port] with the default port left out, for same-origin comparisons."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = parts.port
    if port is None or (scheme, port) in (("http", 80), ("https", 443)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def _is_dot_segment(segment: str) -> bool:
    # Browsers (WHATWG URL) also treat %2e as a dot, in any case.
    return segment.lower().replace("%2e", ".") in (".", "..")


def encode_segment(value: object, *, name: str = "id") -> str:
    """One path segment: every reserved character, '%' and non-ASCII percent-encoded."""
    if not isinstance(value, str) or value == "":
        raise UrlError(f"{name} is empty")
    if len(value) > MAX_ID_LENGTH:
        raise UrlError(f"{name} is longer than {MAX_ID_LENGTH} characters")
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in value):
        raise UrlError(f"{name} contains control characters")
    if value in (".", ".."):
        raise UrlError(f"{name} must not be '.' or '..'")
    return quote(value, safe="")


def run_url(
    hub_url: str,
    resource_id: str,
    ticket: str | None = None,
    *,
    portal: str | None = None,
    lang: str | None = None,
    run: bool = False,
) -> str:
    """The hub's launcher page for a CKAN resource: with a launch ticket for a logged-in
    user, the portal's base URL (the hub links back to the dataset and asks the portal
    for a fresh ticket at each launch), the page language, and `run=1` to launch at once."""
    url = hub_url + "run/ckan/" + encode_segment(resource_id, name="resource id")
    return _checked(hub_url, url + _query(ticket=ticket, portal=portal, lang=lang, run="1" if run else None))


def dataset_run_url(
    hub_url: str,
    dataset_ref: str,
    ticket: str | None = None,
    *,
    portal: str | None = None,
    lang: str | None = None,
    run: bool = False,
) -> str:
    """The hub's launcher page for a whole CKAN dataset (a generated starter notebook):
    `run/ckan-dataset/<id or name>`, with the same query as `run_url`. A ticket's
    `resource_id` claim must name the dataset exactly as `dataset_ref` does."""
    url = hub_url + "run/ckan-dataset/" + encode_segment(dataset_ref, name="dataset id")
    return _checked(hub_url, url + _query(ticket=ticket, portal=portal, lang=lang, run="1" if run else None))


def preview_url(hub_url: str, resource_id: str, ticket: str | None = None, *, lang: str | None = None) -> str:
    """The hub's static (no kernel) preview of a CKAN resource's notebook; a ticket lets
    a logged-in user who may read a private dataset see it."""
    url = hub_url + "preview/ckan/" + encode_segment(resource_id, name="resource id")
    return _checked(hub_url, url + _query(ticket=ticket, lang=lang))


_LANG = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8}){0,2}\Z")


def page_language(value: object) -> str | None:
    """A locale like `de`, `pt_BR` or `zh_Hant_TW` as CKAN names them; anything else: None."""
    return value if isinstance(value, str) and _LANG.match(value) else None


def _query(**params: str | None) -> str:
    pairs = [f"{k}={quote(v, safe='')}" for k, v in params.items() if v]
    return "?" + "&".join(pairs) if pairs else ""


def admin_api_url(api_url: str, *segments: str) -> str:
    """`{api_url}api/admin/<segments…>`, each segment encoded."""
    path = "/".join(encode_segment(s, name="path segment") for s in segments)
    return _checked(api_url, api_url + "api/admin/" + path)


def is_within(base_url: str, url: str) -> bool:
    """Whether `url` has the origin of `base_url` and lies under its path."""
    base, target = urlsplit(base_url), urlsplit(url)
    return (
        origin_of(base_url) == origin_of(url)
        and target.path.startswith(base.path)
        and not any(_is_dot_segment(s) for s in target.path.split("/"))
    )


def _checked(base_url: str, url: str) -> str:
    if not is_within(base_url, url):  # defence in depth: encoding above already ensures it
        raise UrlError("refusing a URL outside the hub")
    return url
