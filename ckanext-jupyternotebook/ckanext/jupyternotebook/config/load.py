"""`load_config`: every setting read and checked once, with the checks that span
settings (the hub's origin against ckan.site_url, the secrets' rules, the hub's
start-up defaults from the environment); every problem is collected, never raised.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from ..explore_fields import FieldError
from ..settings_form.fields import parse_value
from ..urls import origin_of
from . import schema
from .reader import _Reader, _text
from .schema import ENV_SETTINGS, MIN_TICKET_SECRET_LENGTH, SOURCES, PluginConfig


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _read_text_file(path: str) -> str:
    return Path(path).read_text(encoding="utf-8")


def load_config(
    ckan_config: Mapping[str, Any],
    environ: Mapping[str, str],
    *,
    read_file: Callable[[str], str] = _read_text_file,
) -> PluginConfig:
    reader = _Reader(ckan_config, environ, read_file)
    problems = reader.problems

    hub_url = reader.url("hub_url")
    if hub_url is None and not problems:
        problems.append(f"{SOURCES['hub_url'][0]} (or CKAN_JUPYTERNOTEBOOK_URL) is not set: notebook views are off")
    site_url = _text(ckan_config.get("ckan.site_url"))
    if hub_url and site_url and origin_of(hub_url) == origin_of(site_url):
        # Notebook code runs scripts in the hub's origin; in CKAN's origin it could act
        # as whoever views the notebook (a sysadmin included).
        problems.append(
            f"the hub URL {hub_url} has the same origin as ckan.site_url: serve the hub from its own "
            "origin (e.g. a hub.* subdomain); notebook views are off"
        )
        hub_url = None
    elif hub_url and site_url and _host(hub_url) == _host(site_url):
        # Another port is another origin, but cookies are shared by host name.
        problems.append(
            f"the hub URL {hub_url} has the host name of ckan.site_url (only the port differs): fine for a "
            "local trial; in production give the hub its own host name (cookies are per host, not per port)"
        )

    hub_api_url = reader.url("hub_api_url") or hub_url

    admin_token, source = reader.get("admin_token")
    if admin_token is not None and not all(33 <= ord(c) <= 126 for c in admin_token):
        problems.append(f"{source} must be printable ASCII without spaces; the admin page is off")
        admin_token = None

    ticket_secret, source = reader.get("ticket_secret")
    if ticket_secret is None:
        problems.append(
            f"{SOURCES['ticket_secret'][0]} (or HUB_TICKET_SECRET) is not set: logged-in users are treated as "
            "guests and private datasets' notebooks cannot run"
        )
    elif len(ticket_secret) < MIN_TICKET_SECRET_LENGTH:
        problems.append(
            f"{source} is shorter than {MIN_TICKET_SECRET_LENGTH} characters: logged-in users are treated as guests"
        )
        ticket_secret = None

    env_settings: dict[str, Any] = {}
    for setting, names in ENV_SETTINGS.items():
        for env in names:
            raw = _text(environ.get(env))
            if raw is None:
                continue
            try:
                env_settings[setting] = parse_value(setting, raw)
            except FieldError as exc:
                problems.append(f"{env} {exc}")
            break

    return PluginConfig(
        hub_url=hub_url,
        hub_api_url=hub_api_url,
        admin_token=admin_token,
        ticket_secret=ticket_secret,
        view_height=reader.integer("view_height", schema.DEFAULT_VIEW_HEIGHT, schema.VIEW_HEIGHT_RANGE),
        api_timeout_seconds=reader.integer("api_timeout", schema.DEFAULT_API_TIMEOUT, schema.API_TIMEOUT_RANGE),
        ticket_lifetime_seconds=reader.integer("ticket_lifetime", schema.DEFAULT_TICKET_LIFETIME, schema.TICKET_LIFETIME_RANGE),
        explore_datasets=reader.boolean("explore_datasets", True),
        explore_formats=reader.formats("explore_formats", schema.DEFAULT_EXPLORE_FORMATS),
        env_settings=env_settings,
        problems=tuple(problems),
    )
