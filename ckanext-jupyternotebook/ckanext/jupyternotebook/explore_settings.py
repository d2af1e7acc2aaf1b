"""The explore settings in force: the hub's runtime values (`explore_datasets`,
`explore_formats` from its admin API, which the admin page changes), cached briefly so
a dataset page does not ask the hub at every render; the CKAN config options
`ckanext.jupyternotebook.explore_datasets` / `explore_formats` when the hub cannot be
asked (no API URL or admin token) or does not answer.

`HubExploreSettings.effective(cfg)` returns `cfg` with the two fields replaced, so the
decisions in notebook_view/ stay pure and take one config.
"""
from __future__ import annotations

import dataclasses
import logging
import threading
import time
from typing import Any, Callable

from .config import PluginConfig
from .explore_fields import FieldError, parse_formats, parse_switch
from .hub_client import HubClient, HubError

log = logging.getLogger(__name__)

# How long one answer of the hub (or its failure) is used.
CACHE_SECONDS = 30.0
# A dataset page must not hang on a hub that does not answer.
MAX_ASK_TIMEOUT_SECONDS = 2.0


class HubExploreSettings:
    def __init__(
        self,
        client_for: Callable[[PluginConfig], Any] | None = None,
        *,
        ttl: float = CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client_for = client_for or _default_client
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._cached: tuple[float, PluginConfig, tuple[bool, frozenset[str]] | None] | None = None

    def effective(self, cfg: PluginConfig) -> PluginConfig:
        """`cfg` with the hub's explore values, or as configured when the hub gives none."""
        values = self._values(cfg)
        if values is None:
            return cfg
        return dataclasses.replace(cfg, explore_datasets=values[0], explore_formats=values[1])

    def forget(self) -> None:
        """Ask the hub again at the next render (after the admin saved settings)."""
        with self._lock:
            self._cached = None

    def _values(self, cfg: PluginConfig) -> tuple[bool, frozenset[str]] | None:
        if not cfg.hub_api_url or not cfg.admin_token:
            return None
        now = self._clock()
        with self._lock:
            cached = self._cached
            if cached is not None and cached[1] is cfg and now - cached[0] < self._ttl:
                return cached[2]
        values = self._ask(cfg)
        with self._lock:
            self._cached = (now, cfg, values)
        return values

    def _ask(self, cfg: PluginConfig) -> tuple[bool, frozenset[str]] | None:
        try:
            settings = self._client_for(cfg).get_settings()
            return parse_switch(settings["explore_datasets"]), frozenset(parse_formats(settings["explore_formats"]))
        except HubError as exc:
            log.warning("jupyternotebook: using the configured explore options; the hub: %s", exc.message)
        except (KeyError, FieldError):
            log.warning("jupyternotebook: the hub has no explore settings; using the configured options")
        return None


def _default_client(cfg: PluginConfig) -> HubClient:
    return HubClient(cfg.hub_api_url, cfg.admin_token, timeout=min(float(cfg.api_timeout_seconds), MAX_ASK_TIMEOUT_SECONDS))


# The plugin's one cache (request_context.py, admin_views.py); a new config (CKAN restarted) is asked afresh.
hub_explore = HubExploreSettings()
