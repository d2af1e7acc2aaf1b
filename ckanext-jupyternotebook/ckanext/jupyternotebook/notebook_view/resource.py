"""A notebook resource: whether a resource is one (`is_notebook_resource`), its view's
template variables (`build_view`) and its "Open in Jupyter" link.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from ..config import PluginConfig
from ..urls import UrlError, page_language, preview_url, run_url
from .launch import plugin_route, portal_base, ticket_for

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
        "iframe_src": run_url(cfg.hub_url, str(resource_id), ticket, portal=portal_base(portal), lang=page_language(lang)),
        "open_url": launch_url,
        "preview_url": preview_link,
        "height": cfg.view_height,
        "as_user": ticket is not None,
    }


def open_in_jupyter_url(cfg: PluginConfig, resource: Mapping[str, Any], url_for: Callable[..., str]) -> str:
    """The "Open in Jupyter" link of a notebook resource: the launch route with `run=1`
    (a fresh ticket, then the hub launches at once); '' for other resources or when the
    hub is not configured. `url_for` is CKAN's (h.url_for)."""
    resource_id = resource.get("id") if isinstance(resource, Mapping) else None
    if not cfg.hub_url or not isinstance(resource_id, str) or not resource_id:
        return ""
    if not is_notebook_resource(resource):
        return ""
    return plugin_route(url_for, "jupyternotebook_launch.launch", resource_id=resource_id)
