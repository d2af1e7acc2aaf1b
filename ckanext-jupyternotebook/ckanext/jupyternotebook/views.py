"""Flask blueprints: the sysadmin page and the launch link (CKAN glue only).

Decisions live in admin_page and notebook_view; the glue reads the request, checks CKAN
permissions and CSRF tokens, and renders or redirects. This module gathers it under the
one name plugin.py uses: request_context.py (settings in force, user, portal, language),
admin_views.py (the `admin` blueprint), launch_views.py (the `launch` blueprint).
"""
from __future__ import annotations

from .admin_views import ADMIN_PATH, admin, index, save_settings, stop_session
from .launch_views import NOT_A_NOTEBOOK, NOT_EXPLORABLE, explore_dataset, launch, launch_notebook, preview_notebook
from .request_context import (
    can_read_resource,
    current_lang,
    current_user_name,
    explore_config,
    get_config,
    portal_url,
    set_config,
)

__all__ = [
    "ADMIN_PATH",
    "NOT_A_NOTEBOOK",
    "NOT_EXPLORABLE",
    "admin",
    "can_read_resource",
    "current_lang",
    "current_user_name",
    "explore_config",
    "explore_dataset",
    "get_config",
    "index",
    "launch",
    "launch_notebook",
    "portal_url",
    "preview_notebook",
    "save_settings",
    "set_config",
    "stop_session",
]
