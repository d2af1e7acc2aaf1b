"""What the resource view and the launch link show, decided without CKAN.

A guest gets the hub's run page without a ticket (the hub fetches public data
anonymously). A logged-in user who may read the resource gets a fresh launch ticket
signed for that user and resource: the hub spends it when it renders the launcher (for
the heading and the preview of a private notebook) and, when Run is clicked, comes back
to the launch route for another one (`portal` tells it where CKAN is). Nothing else
vouches for anyone.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from .config import PluginConfig
from .tickets import issue_ticket
from .urls import UrlError, dataset_run_url, normalise_base_url, page_language, preview_url, run_url

NOTEBOOK_FORMATS = frozenset({"ipynb", "jupyter notebook", "application/x-ipynb+json"})


def is_notebook_resource(resource: Mapping[str, Any]) -> bool:
    """Format ipynb (any case, with or without a dot), or a URL whose path ends in .ipynb."""
    fmt = str(resource.get("format") or "").strip().lower().lstrip(".")
    mimetype = str(resource.get("mimetype") or "").strip().lower()
    if fmt in NOTEBOOK_FORMATS or mimetype == "application/x-ipynb+json":
        return True
    url = resource.get("url")
    if not isinstance(url, str):
        return False
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return False
    return path.lower().endswith(".ipynb")


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


def _unavailable(message: str) -> dict[str, Any]:
    return {"ok": False, "message": message}


def build_view(
    cfg: PluginConfig,
    resource: Mapping[str, Any],
    package: Mapping[str, Any],
    *,
    user: str | None,
    can_read: Callable[[], bool],
    launch_url: str,
    preview_link: str,
    portal: str | None,
    lang: str | None,
    now: int,
    _: Callable[[str], str] = lambda s: s,
) -> dict[str, Any]:
    """The template variables of the resource view. `launch_url` and `preview_link` are
    the plugin's own routes (they sign a ticket at click time); `portal` is CKAN's base
    URL as browsers see it; `_` translates the messages."""
    if not cfg.hub_url:
        return _unavailable(_("Running notebooks is not set up on this site yet."))
    resource_id = resource.get("id")
    try:
        preview_url(cfg.hub_url, resource_id)  # type: ignore[arg-type]
    except UrlError:
        return _unavailable(_("This resource cannot be opened as a notebook."))
    ticket = ticket_for(cfg, str(resource_id), user=user, can_read=can_read, now=now)
    if package.get("private") and ticket is None:
        if not user:
            return _unavailable(_("Log in to run this notebook."))
        return _unavailable(_("Notebooks of private datasets cannot be run on this site."))
    return {
        "ok": True,
        "iframe_src": run_url(cfg.hub_url, str(resource_id), ticket, portal=_portal(portal), lang=page_language(lang)),
        "open_url": launch_url,
        "preview_url": preview_link,
        "height": cfg.view_height,
        "as_user": ticket is not None,
    }


def _portal(url: str | None) -> str | None:
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
    launcher (see explore_target)."""
    if not cfg.hub_url:
        raise UrlError("the hub URL is not configured")
    ticket = ticket_for(cfg, resource_id, user=user, can_read=lambda: can_read, now=now, dataset=dataset)
    make_url = dataset_run_url if dataset else run_url
    return make_url(cfg.hub_url, resource_id, ticket, portal=_portal(portal), lang=page_language(lang), run=run)


def preview_target(cfg: PluginConfig, resource_id: str, *, user: str | None, now: int, lang: str | None = None) -> str:
    """Where the "Static preview" link redirects: the hub's preview, with a ticket when
    `user` may read the resource (checked by the caller), so members see private ones."""
    if not cfg.hub_url:
        raise UrlError("the hub URL is not configured")
    ticket = ticket_for(cfg, resource_id, user=user, can_read=lambda: True, now=now)
    return preview_url(cfg.hub_url, resource_id, ticket, lang=page_language(lang))


def _plugin_route(url_for: Callable[..., str], endpoint: str, **ids: str) -> str:
    """A link to one of the plugin's launch routes with `run=1` (a fresh ticket at click
    time, then the hub launches at once). Shared by "Open in Jupyter" and "Explore in
    Jupyter"."""
    return url_for(endpoint, **ids, run=1)


def open_in_jupyter_url(cfg: PluginConfig, resource: Mapping[str, Any], url_for: Callable[..., str]) -> str:
    """The "Open in Jupyter" link of a notebook resource: the launch route with `run=1`
    (a fresh ticket, then the hub launches at once); '' for other resources or when the
    hub is not configured. `url_for` is CKAN's (h.url_for)."""
    resource_id = resource.get("id") if isinstance(resource, Mapping) else None
    if not cfg.hub_url or not isinstance(resource_id, str) or not resource_id:
        return ""
    if not is_notebook_resource(resource):
        return ""
    return _plugin_route(url_for, "jupyternotebook_launch.launch", resource_id=resource_id)


def is_explorable_resource(cfg: PluginConfig, resource: Mapping[str, Any]) -> bool:
    """A data resource the hub's starter notebook can load: in the DataStore, or of one
    of `cfg.explore_formats` (any case, with or without a dot)."""
    if not isinstance(resource, Mapping):
        return False
    if resource.get("datastore_active") in (True, "true", "True"):
        return True
    fmt = str(resource.get("format") or "").strip().lower().lstrip(".")
    return fmt in cfg.explore_formats


def can_explore(cfg: PluginConfig, package: Mapping[str, Any]) -> bool:
    """Whether "Explore in Jupyter" is offered for a dataset: the feature is on, the hub
    is configured, and the dataset has an id and at least one explorable resource."""
    if not cfg.explore_datasets or not cfg.hub_url or not isinstance(package, Mapping):
        return False
    dataset_id = package.get("id")
    if not isinstance(dataset_id, str) or not dataset_id:
        return False
    try:
        dataset_run_url(cfg.hub_url, dataset_id)
    except UrlError:
        return False
    return any(is_explorable_resource(cfg, r) for r in package.get("resources") or ())


def explore_url(
    cfg: PluginConfig,
    package: Mapping[str, Any],
    url_for: Callable[..., str],
    *,
    user: str | None,
    portal: str | None = None,
    lang: str | None = None,
) -> str:
    """The "Explore in Jupyter" link of a dataset ('' when `can_explore` says no), with
    `run=1` like "Open in Jupyter" (the hub launches at once). A guest on a public dataset
    goes straight to the hub's launcher (the hub reads public data anonymously); a
    logged-in user, or anyone on a private dataset, goes through the plugin's explore
    route, which checks `package_show` and signs a ticket at click time."""
    if not can_explore(cfg, package):
        return ""
    dataset_id = str(package["id"])
    if user or package.get("private"):
        return _plugin_route(url_for, "jupyternotebook_launch.explore", dataset_id=dataset_id)
    assert cfg.hub_url is not None
    return dataset_run_url(cfg.hub_url, dataset_id, portal=_portal(portal), lang=page_language(lang), run=True)


def explore_target(cfg: PluginConfig, dataset_id: str, **request: Any) -> str:
    """Where the explore route redirects: the hub's dataset launcher, with a ticket for
    `dataset_id` (as requested, id or name: the hub compares it exactly) minted now when
    `user` may read the dataset (checked by the caller with package_show). Takes
    launch_target's keywords (user, now, portal, lang, run, can_read). UrlError when
    the feature is off or the hub is not configured."""
    if not cfg.hub_url or not cfg.explore_datasets:
        raise UrlError("exploring datasets is off or the hub URL is not configured")
    return launch_target(cfg, dataset_id, **request, dataset=True)
