"""`page_state`: everything the admin template shows, gathered from the hub (sessions,
current settings) and the plugin's configuration, with a save's outcome if any.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..config import PluginConfig
from ..hub_client import HubClient, HubError
from .actions import SaveOutcome
from .fields import settings_fields
from .sessions import session_rows


def page_state(
    client: HubClient,
    cfg: PluginConfig,
    *,
    now: datetime,
    outcome: SaveOutcome | None = None,
) -> dict[str, Any]:
    """Everything the admin template shows. Never contains the admin token."""
    state: dict[str, Any] = {
        "hub": {
            "public_url": cfg.hub_url,
            "api_url": cfg.hub_api_url,
            "auth_configured": bool(cfg.admin_token),
            "tickets_enabled": cfg.tickets_enabled,
        },
        "problems": list(cfg.problems),
        "sessions": [],
        "sessions_error": None,
        "fields": None,
        "settings_error": None,
        "general_errors": list(outcome.general_errors) if outcome else [],
    }
    try:
        state["sessions"] = session_rows(client.list_sessions(), now)
    except HubError as exc:
        state["sessions_error"] = exc.message
    try:
        current = client.get_settings()
    except HubError as exc:
        state["settings_error"] = exc.message
        return state
    state["fields"] = settings_fields(
        current,
        env_settings=cfg.env_settings,
        submitted=outcome.submitted if outcome else None,
        field_errors=outcome.field_errors if outcome else None,
    )
    return state
