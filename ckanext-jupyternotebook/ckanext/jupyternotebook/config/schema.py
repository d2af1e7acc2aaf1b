"""The plugin's settings declared once: CKAN config keys and environment fallbacks
(`SOURCES`), defaults and bounds, and the frozen `PluginConfig` that the rest of the
plugin receives. config_declaration.yaml declares the same keys to CKAN.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

PREFIX = "ckanext.jupyternotebook."
MIN_TICKET_SECRET_LENGTH = 32
DEFAULT_VIEW_HEIGHT = 800
VIEW_HEIGHT_RANGE = (200, 5000)
DEFAULT_API_TIMEOUT = 10
API_TIMEOUT_RANGE = (1, 120)
DEFAULT_TICKET_LIFETIME = 300
TICKET_LIFETIME_RANGE = (1, 600)
# Formats of the data resources the hub's starter notebook can load ("Explore in Jupyter").
DEFAULT_EXPLORE_FORMATS = ("csv", "tsv", "xlsx", "json", "geojson")
# (CKAN config key, environment variables in order of precedence). Secrets also
# accept `<VARIABLE>_FILE`, naming a file that holds the value (Docker secrets).
SOURCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hub_url": (PREFIX + "hub_url", ("HUB_PUBLIC_URL", "CKAN_JUPYTERNOTEBOOK_URL")),
    "hub_api_url": (PREFIX + "hub_api_url", ("CKAN_API_JUPYTERHUB",)),
    "admin_token": (PREFIX + "admin_token", ("HUB_ADMIN_TOKEN",)),
    "ticket_secret": (PREFIX + "ticket_secret", ("HUB_TICKET_SECRET",)),
    "view_height": (PREFIX + "view_height", ()),
    "api_timeout": (PREFIX + "api_timeout", ()),
    "ticket_lifetime": (PREFIX + "ticket_lifetime", ()),
    "explore_datasets": (PREFIX + "explore_datasets", ()),
    "explore_formats": (PREFIX + "explore_formats", ()),
}
SECRETS = ("admin_token", "ticket_secret")

# The original system's per-session settings, now owned by the hub (which reads the
# same variables at its start). The plugin only shows them as start-up defaults.
ENV_SETTINGS: dict[str, tuple[str, ...]] = {
    "max_sessions": ("HUB_MAX_SESSIONS", "CKAN_JUPYTERHUB_USER"),
    "idle_timeout_seconds": ("HUB_IDLE_TIMEOUT_SECONDS", "CKAN_JUPYTERHUB_TIMEOUT"),
    "cpu_percent": ("HUB_CPU_PERCENT", "CKAN_JUPYTERHUB_PERCENTAGE_CPU"),
    "memory_limit": ("HUB_MEMORY_LIMIT", "CKAN_JUPYTERHUB_MEMORY_LIMIT"),
}
# Original variables that only the hub uses; listed so the README and tests cover them.
HUB_ONLY_ENV = ("CKAN_JUPYTERHUB_BASE_URL", "CKAN_NETWORK", "CKAN_STORAGE_NOTEBOOK")


@dataclass(frozen=True)
class PluginConfig:
    hub_url: str | None = None
    hub_api_url: str | None = None
    admin_token: str | None = field(default=None, repr=False)
    ticket_secret: str | None = field(default=None, repr=False)
    view_height: int = DEFAULT_VIEW_HEIGHT
    api_timeout_seconds: int = DEFAULT_API_TIMEOUT
    ticket_lifetime_seconds: int = DEFAULT_TICKET_LIFETIME
    explore_datasets: bool = True
    explore_formats: frozenset[str] = frozenset(DEFAULT_EXPLORE_FORMATS)
    env_settings: Mapping[str, Any] = field(default_factory=dict)
    problems: tuple[str, ...] = ()

    @property
    def tickets_enabled(self) -> bool:
        return self.ticket_secret is not None
