"""The plugin's settings, read once from the CKAN config with fallback to the
environment variables of the original system and of the hub.

Only this package reads the environment (the plugin passes `os.environ` in). Every
problem found is collected in `PluginConfig.problems` (logged at start-up, shown to
sysadmins) and the affected feature is switched off rather than run unsafely.

schema.py: the settings, their sources and defaults, PluginConfig; reader.py: one
setting from its sources; load.py: load_config.
"""
from __future__ import annotations

from .load import load_config
from .schema import (
    API_TIMEOUT_RANGE,
    DEFAULT_API_TIMEOUT,
    DEFAULT_EXPLORE_FORMATS,
    DEFAULT_TICKET_LIFETIME,
    DEFAULT_VIEW_HEIGHT,
    ENV_SETTINGS,
    HUB_ONLY_ENV,
    MIN_TICKET_SECRET_LENGTH,
    PREFIX,
    SECRETS,
    SOURCES,
    TICKET_LIFETIME_RANGE,
    VIEW_HEIGHT_RANGE,
    PluginConfig,
)

__all__ = [
    "API_TIMEOUT_RANGE",
    "DEFAULT_API_TIMEOUT",
    "DEFAULT_EXPLORE_FORMATS",
    "DEFAULT_TICKET_LIFETIME",
    "DEFAULT_VIEW_HEIGHT",
    "ENV_SETTINGS",
    "HUB_ONLY_ENV",
    "MIN_TICKET_SECRET_LENGTH",
    "PREFIX",
    "SECRETS",
    "SOURCES",
    "TICKET_LIFETIME_RANGE",
    "VIEW_HEIGHT_RANGE",
    "PluginConfig",
    "load_config",
]
