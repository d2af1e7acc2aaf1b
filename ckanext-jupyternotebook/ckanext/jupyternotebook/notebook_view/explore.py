""""Explore in Jupyter" for a dataset: which resources the starter notebook can load,
whether a dataset is offered, its link, and where the explore route redirects.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ..config import PluginConfig
from ..urls import UrlError, dataset_run_url, page_language
from .launch import launch_target, plugin_route, portal_base


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
        return plugin_route(url_for, "jupyternotebook_launch.explore", dataset_id=dataset_id)
    assert cfg.hub_url is not None
    return dataset_run_url(cfg.hub_url, dataset_id, portal=portal_base(portal), lang=page_language(lang), run=True)


def explore_target(cfg: PluginConfig, dataset_id: str, **request: Any) -> str:
    """Where the explore route redirects: the hub's dataset launcher, with a ticket for
    `dataset_id` (as requested, id or name: the hub compares it exactly) minted now when
    `user` may read the dataset (checked by the caller with package_show). Takes
    launch_target's keywords (user, now, portal, lang, run, can_read). UrlError when
    the feature is off or the hub is not configured."""
    if not cfg.hub_url or not cfg.explore_datasets:
        raise UrlError("exploring datasets is off or the hub URL is not configured")
    return launch_target(cfg, dataset_id, **request, dataset=True)
