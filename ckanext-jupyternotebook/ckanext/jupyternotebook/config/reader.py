"""Reading one setting: the CKAN config key first, then its environment variables in
order (a secret also from `<VARIABLE>_FILE`), parsed as a URL, an integer in bounds, a
switch or a list of formats. A bad value is added to `problems` and the default used.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

from ..urls import UrlError, normalise_base_url
from .schema import SECRETS, SOURCES

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


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
