"""The CKAN request context the glue shares (plugin.py and the blueprints): the settings
in force (set by the plugin's `configure`, else read once from CKAN's config), the
explore settings in force, the current user and whether they may read a resource,
CKAN's base URL and the page's language.
"""
from __future__ import annotations

import os
from typing import Optional

import ckan.plugins.toolkit as tk

from .config import PluginConfig, load_config
from .explore_settings import hub_explore

_config: Optional[PluginConfig] = None


def set_config(cfg: PluginConfig) -> None:
    global _config
    _config = cfg


def get_config() -> PluginConfig:
    global _config
    if _config is None:
        _config = load_config(tk.config, os.environ)
    return _config


# The config with the hub's runtime explore settings, cached briefly; the CKAN options when
# the hub cannot be asked (explore_settings.py). "Explore in Jupyter" and its route follow it.
def explore_config() -> PluginConfig:
    return hub_explore.effective(get_config())


def current_user_name() -> Optional[str]:
    user = tk.current_user
    if getattr(user, "is_authenticated", False) and getattr(user, "name", ""):
        return user.name
    return None


def can_read_resource(user: Optional[str], resource_id: str) -> bool:
    try:
        tk.check_access("resource_show", {"user": user or ""}, {"id": resource_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def portal_url() -> str:
    """CKAN's base URL as browsers reach it (site_url and root path)."""
    return tk.url_for("home.index", qualified=True)


def current_lang() -> str | None:
    try:
        return tk.h.lang()
    except Exception:  # outside a request (CLI): no page language
        return None
