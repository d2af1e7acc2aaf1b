"""Tickets and hub URLs for the plugin's launch routes, decided at click time:
`launch_target` (a notebook, or a dataset with `dataset`), `preview_target`, and the
`ticket_for` rule they share with the resource view.
"""
from __future__ import annotations

from typing import Callable

from ..config import PluginConfig
from ..tickets import issue_ticket
from ..urls import UrlError, dataset_run_url, normalise_base_url, page_language, preview_url, run_url


def ticket_for(
    cfg: PluginConfig, resource_id: str, *, user: str | None, can_read: Callable[[], bool], now: int, dataset: bool = False
) -> str | None:
    """A launch ticket when a logged-in user may read the resource (or, with `dataset`, the
    dataset: a `dataset_id` claim) and tickets are set up."""
    if not user or not cfg.tickets_enabled or not can_read():
        return None
    assert cfg.ticket_secret is not None
    claim = {"dataset_id": resource_id} if dataset else {"resource_id": resource_id}
    return issue_ticket(cfg.ticket_secret, user=user, now=now, lifetime_seconds=cfg.ticket_lifetime_seconds, **claim)


def portal_base(url: str | None) -> str | None:
    """CKAN's base URL (`portal` of the hub's URLs) normalised; None when unset or unusable."""
    try:
        return normalise_base_url(url, name="ckan.site_url") if url else None
    except UrlError:
        return None


def launch_target(
    cfg: PluginConfig,
    resource_id: str,
    *,
    user: str | None,
    now: int,
    portal: str | None = None,
    lang: str | None = None,
    run: bool = False,
    can_read: bool = True,
    dataset: bool = False,
) -> str:
    """Where the launch route redirects, with a ticket minted at click time: "Open in a
    new tab", and the launcher's Run (`run`: the hub launches at once). The caller has
    checked whether `user` may read the resource (`can_read`); one who may not gets the
    hub's page without a ticket, which says why it cannot run. Always a URL under the
    configured hub (UrlError otherwise). With `dataset`, the same for a dataset's
    launcher (see explore.explore_target)."""
    if not cfg.hub_url:
        raise UrlError("the hub URL is not configured")
    ticket = ticket_for(cfg, resource_id, user=user, can_read=lambda: can_read, now=now, dataset=dataset)
    make_url = dataset_run_url if dataset else run_url
    return make_url(cfg.hub_url, resource_id, ticket, portal=portal_base(portal), lang=page_language(lang), run=run)


def preview_target(cfg: PluginConfig, resource_id: str, *, user: str | None, now: int, lang: str | None = None) -> str:
    """Where the "Static preview" link redirects: the hub's preview, with a ticket when
    `user` may read the resource (checked by the caller), so members see private ones."""
    if not cfg.hub_url:
        raise UrlError("the hub URL is not configured")
    ticket = ticket_for(cfg, resource_id, user=user, can_read=lambda: True, now=now)
    return preview_url(cfg.hub_url, resource_id, ticket, lang=page_language(lang))


def plugin_route(url_for: Callable[..., str], endpoint: str, **ids: str) -> str:
    """A link to one of the plugin's launch routes with `run=1` (a fresh ticket at click
    time, then the hub launches at once). Shared by "Open in Jupyter" and "Explore in
    Jupyter"."""
    return url_for(endpoint, **ids, run=1)
