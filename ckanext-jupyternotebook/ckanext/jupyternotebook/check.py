"""`ckan jupyternotebook check`: is this CKAN set up to work with its hub? Decided
without CKAN (cli.py is the glue). One result per check, in this order:

1. the hub answers (`GET {hub_api_url}healthz`);
2. the admin token works (`GET {hub_api_url}api/admin/settings`);
3. the ticket secret matches: a ticket signed here is accepted by the hub
   (`POST {hub_api_url}api/admin/ticket-check`, which neither launches nor spends it);
4. the hub's `frame-ancestors` (its pages' Content-Security-Policy) include
   `ckan.site_url`'s origin, so browsers let CKAN's pages frame it;
5. the hub is not on CKAN's origin.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .config import PluginConfig
from .hub_client import HubClient, HubError
from .tickets import issue_ticket
from .urls import origin_of

CHECK_RESOURCE = "jupyternotebook-check"
CHECK_USER = "jupyternotebook-check"


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'OK  ' if self.ok else 'FAIL'} {self.name}: {self.detail}"


# (status, headers with lower-case names, body) of a GET without credentials.
Fetch = Callable[[str, float], "tuple[int, dict[str, str], bytes]"]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None


def public_get(url: str, timeout: float) -> tuple[int, dict[str, str], bytes]:
    """GET without credentials, proxies or redirects; raises OSError when nothing answers."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())
    try:
        with opener.open(urllib.request.Request(url, headers={"Accept": "*/*"}), timeout=timeout) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read(1 << 20)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read(1 << 20)
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise OSError(reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)) from None


def run_checks(
    cfg: PluginConfig,
    site_url: Optional[str],
    *,
    now: int,
    fetch: Fetch = public_get,
    client: Optional[HubClient] = None,
) -> list[CheckResult]:
    api = cfg.hub_api_url
    client = client or HubClient(api, cfg.admin_token, timeout=cfg.api_timeout_seconds)
    return [
        _hub_answers(api, cfg, fetch),
        _admin_token(client),
        _ticket_secret(cfg, client, now),
        _frame_ancestors(api, cfg, site_url, fetch),
        _own_origin(cfg, site_url),
    ]


def _hub_answers(api: Optional[str], cfg: PluginConfig, fetch: Fetch) -> CheckResult:
    name = "hub answers"
    if not api:
        return CheckResult(name, False, "no hub URL is configured (ckanext.jupyternotebook.hub_url / hub_api_url)")
    try:
        status, _, body = fetch(api + "healthz", cfg.api_timeout_seconds)
    except OSError as exc:
        return CheckResult(name, False, f"nothing answers at {api} ({exc})")
    health = _json(body)
    if not isinstance(health, dict) or "status" not in health:
        return CheckResult(name, False, f"{api}healthz answered HTTP {status}, not the hub's health report")
    spawner = health.get("spawner", "?")
    if status == 200 and health.get("status") == "ok":
        return CheckResult(name, True, f"{api} (spawner {spawner})")
    why = health.get("message") or health.get("status")
    return CheckResult(name, False, f"{api} answers but cannot start sessions: {why} (spawner {spawner})")


def _admin_token(client: HubClient) -> CheckResult:
    name = "admin token works"
    try:
        client.get_settings()
    except HubError as exc:
        return CheckResult(name, False, str(exc))
    return CheckResult(name, True, "the hub accepted it (GET api/admin/settings)")


def _ticket_secret(cfg: PluginConfig, client: HubClient, now: int) -> CheckResult:
    name = "ticket secret matches"
    if not cfg.ticket_secret:
        return CheckResult(
            name, False, "no usable ticket_secret (HUB_TICKET_SECRET): logged-in users are guests, private notebooks cannot run"
        )
    ticket = issue_ticket(
        cfg.ticket_secret, user=CHECK_USER, resource_id=CHECK_RESOURCE, now=now, lifetime_seconds=cfg.ticket_lifetime_seconds
    )
    try:
        answer = client.check_ticket(ticket, CHECK_RESOURCE)
    except HubError as exc:
        return CheckResult(name, False, f"could not ask the hub: {exc}")
    if answer.get("ok") is True:
        return CheckResult(name, True, "a ticket signed here is accepted by the hub")
    reason = answer.get("reason")
    detail = {
        "bad_signature": "the hub's HUB_TICKET_SECRET is not this ticket_secret",
        "no_secret": "the hub has no HUB_TICKET_SECRET",
        "expired": "the hub finds the ticket expired: the clocks of CKAN and the hub differ",
        "too_long_lived": "the hub finds the ticket lives too long: the clocks of CKAN and the hub differ",
    }.get(str(reason), f"the hub refused the ticket ({reason})")
    return CheckResult(name, False, detail)


def _frame_ancestors(api: Optional[str], cfg: PluginConfig, site_url: Optional[str], fetch: Fetch) -> CheckResult:
    name = "frame-ancestors include ckan.site_url"
    if not site_url:
        return CheckResult(name, False, "ckan.site_url is not set")
    if not api:
        return CheckResult(name, False, "no hub URL is configured")
    try:
        _, headers, _ = fetch(api, cfg.api_timeout_seconds)
    except OSError as exc:
        return CheckResult(name, False, f"nothing answers at {api} ({exc})")
    sources = _frame_ancestor_sources(headers.get("content-security-policy", ""))
    site = origin_of(site_url)
    if site in {origin_of(s) for s in sources if "://" in s}:
        return CheckResult(name, True, f"{site} may frame the hub")
    listed = " ".join(sources) or "none"
    return CheckResult(
        name, False, f"the hub lets only {listed} frame it; add {site} to the hub's HUB_FRAME_ANCESTORS"
    )


def _own_origin(cfg: PluginConfig, site_url: Optional[str]) -> CheckResult:
    name = "hub is not on CKAN's origin"
    same = [p for p in cfg.problems if "same origin as ckan.site_url" in p]
    if same:
        return CheckResult(name, False, same[0])
    if not cfg.hub_url:
        return CheckResult(name, False, "no hub URL is configured (ckanext.jupyternotebook.hub_url)")
    if site_url and origin_of(cfg.hub_url) == origin_of(site_url):
        return CheckResult(name, False, f"{cfg.hub_url} has the origin of ckan.site_url")
    return CheckResult(name, True, f"{origin_of(cfg.hub_url)} (CKAN: {origin_of(site_url) if site_url else 'unset'})")


def _frame_ancestor_sources(csp: str) -> list[str]:
    for directive in csp.split(";"):
        parts = directive.split()
        if parts and parts[0].lower() == "frame-ancestors":
            return parts[1:]
    return []


def _json(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
