"""What an answer of the hub's admin API means: the JSON body of a success, or the
`HubError` (or `SettingsRejected`) its status and body call for. Pure apart from one
warning logged per failed status; `redact` keeps the admin token out of every message.
"""
from __future__ import annotations

import json
import logging
from typing import Any, Callable

from ..i18n import Msg
from ..settings_form.hub_messages import clean_message, map_hub_errors
from .errors import HubError, SettingsRejected

# The logger of the module this was split from, so log configuration keeps working.
log = logging.getLogger(__package__)


def interpret(method: str, url: str, status: int, raw: bytes, *, api_url: str | None, redact: Callable[[str], str]) -> Any:
    """The JSON body of a 2xx answer ({} when empty), or the HubError its status means."""
    body = _json_or_none(raw)
    hub_message = redact(clean_message(body.get("message"))) if isinstance(body, dict) else ""
    if 200 <= status < 300:
        if status == 204 or not raw.strip():
            return {}
        if body is None:
            raise HubError(
                "bad_response", Msg("The hub answered {method} {url} with something that is not JSON.", method=method, url=url), status=status
            )
        return body
    log.warning("hub admin API %s %s answered HTTP %s", method, url, status)
    if status in (401, 403):
        raise HubError(
            "unauthorized",
            Msg(
                "The hub refused the admin token (HTTP {status}). Check that ckanext.jupyternotebook.admin_token "
                "(or HUB_ADMIN_TOKEN) is the hub's HUB_ADMIN_TOKEN.",
                status=status,
            ),
            status=status,
        )
    if status == 404:
        raise HubError("not_found", hub_message or Msg("The hub has nothing at {url}.", url=url), status=status)
    if 300 <= status < 400:
        raise HubError(
            "redirect",
            Msg("The hub answered with a redirect (HTTP {status}); check the hub API URL {url}.", status=status, url=api_url),
            status=status,
        )
    if status == 400 and method == "PUT":
        field_errors, general = map_hub_errors(body if body is not None else {"message": "The hub refused the settings."})
        raise SettingsRejected(
            {k: redact(v) for k, v in field_errors.items()}, [redact(g) for g in general]
        )
    if hub_message:
        raise HubError("hub_error", Msg("The hub answered HTTP {status}: {message}", status=status, message=hub_message), status=status)
    raise HubError("hub_error", Msg("The hub answered HTTP {status}.", status=status), status=status)


def _json_or_none(raw: bytes) -> Any:
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
