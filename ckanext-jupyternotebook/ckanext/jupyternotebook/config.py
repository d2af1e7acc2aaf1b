"""The plugin's settings, read once from the CKAN config with fallback to the
environment variables of the original system and of the hub.

Only this module reads the environment (the plugin passes `os.environ` in). Every
problem found is collected in `PluginConfig.problems` (logged at start-up, shown to
sysadmins) and the affected feature is switched off rather than run unsafely.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit

from .settings_form import FieldError, parse_value
from .urls import UrlError, normalise_base_url, origin_of

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
_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")

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


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class _Reader:
    def __init__(self, ckan_config: Mapping[str, Any], environ: Mapping[str, str], read_file: Callable[[str], str]):
        self.ckan_config = ckan_config
        self.environ = environ
        self.read_file = read_file
        self.problems: list[str] = []

    def get(self, name: str) -> tuple[str | None, str]:
        """(value, where it came from) for one setting, first source that has one."""
        key, env_names = SOURCES[name]
        value = _text(self.ckan_config.get(key))
        if value is not None:
            return value, key
        for env in env_names:
            value = _text(self.environ.get(env))
            if value is not None:
                return value, env
            if name in SECRETS and _text(self.environ.get(env + "_FILE")):
                path = _text(self.environ.get(env + "_FILE")) or ""
                try:
                    value = _text(self.read_file(path))
                except OSError as exc:
                    self.problems.append(f"{env}_FILE: cannot read {path} ({exc.strerror or type(exc).__name__})")
                    return None, env + "_FILE"
                return value, env + "_FILE"
        return None, key

    def url(self, name: str) -> str | None:
        raw, source = self.get(name)
        if raw is None:
            return None
        try:
            return normalise_base_url(raw, name=source)
        except UrlError as exc:
            self.problems.append(str(exc))
            return None

    def integer(self, name: str, default: int, bounds: tuple[int, int]) -> int:
        raw, source = self.get(name)
        if raw is None:
            return default
        try:
            value = int(raw)
        except ValueError:
            value = None
        if value is None or not bounds[0] <= value <= bounds[1]:
            self.problems.append(f"{source} must be an integer from {bounds[0]} to {bounds[1]}; using {default}")
            return default
        return value


    def boolean(self, name: str, default: bool) -> bool:
        raw, source = self.get(name)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        self.problems.append(f"{source} must be true or false; using {str(default).lower()}")
        return default

    def formats(self, name: str, default: tuple[str, ...]) -> frozenset[str]:
        raw, source = self.get(name)
        if raw is None:
            return frozenset(default)
        found = frozenset(f.strip().lower().lstrip(".") for f in raw.replace(",", " ").split() if f.strip(" ."))
        if not found:
            self.problems.append(f"{source} lists no format; using {' '.join(default)}")
            return frozenset(default)
        return found


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
        view_height=reader.integer("view_height", DEFAULT_VIEW_HEIGHT, VIEW_HEIGHT_RANGE),
        api_timeout_seconds=reader.integer("api_timeout", DEFAULT_API_TIMEOUT, API_TIMEOUT_RANGE),
        ticket_lifetime_seconds=reader.integer("ticket_lifetime", DEFAULT_TICKET_LIFETIME, TICKET_LIFETIME_RANGE),
        explore_datasets=reader.boolean("explore_datasets", True),
        explore_formats=reader.formats("explore_formats", DEFAULT_EXPLORE_FORMATS),
        env_settings=env_settings,
        problems=tuple(problems),
    )
