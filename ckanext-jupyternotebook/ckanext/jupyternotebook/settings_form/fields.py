"""The settings the admin form edits, one `SettingField` each (label, help, parser), and
their parsers: exactly the hub's rules (src/config/fields.ts), so the form refuses what
the hub would. `parse_value` raises FieldError with the hub's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from ..explore_fields import FieldError, parse_formats, parse_switch
from ..i18n import N_, Msg

# JavaScript's Number.MAX_SAFE_INTEGER: the hub refuses integers beyond it.
_MAX_SAFE_INTEGER = 2**53 - 1
# ASCII digits only: Python's \d would also accept other scripts' digits, JavaScript's does not.
_INTEGER = re.compile(r"-?[0-9]+\Z")
_MEMORY = re.compile(r"([1-9][0-9]*)([MG])\Z", re.IGNORECASE)
# What JavaScript's String.prototype.trim removes that str.strip does not.
_EXTRA_TRIM = "\ufeff"
@dataclass(frozen=True)
class SettingField:
    name: str
    label: str
    help: str
    parse: Callable[[object], Any]
    numeric: bool = True
    # text (one input), switch (one checkbox) or choices (one checkbox a format)
    kind: str = "text"


def _trim(raw: str) -> str:
    return raw.strip().strip(_EXTRA_TRIM).strip()


def _integer(minimum: int, maximum: int | None = None) -> Callable[[object], int]:
    def wanted() -> Msg:
        if maximum is not None:
            return Msg("must be an integer from {minimum} to {maximum}", minimum=minimum, maximum=maximum)
        return Msg("must be an integer ≥ {minimum}", minimum=minimum)

    def parse(raw: object) -> int:
        if type(raw) is int:
            value = raw
        elif isinstance(raw, str) and _INTEGER.match(_trim(raw)):
            text = _trim(raw)
            if len(text.lstrip("-").lstrip("0")) > 16:  # beyond 2**53 anyway; int() caps digits
                raise FieldError(wanted())
            value = int(text)
        else:
            raise FieldError(wanted())
        if abs(value) > _MAX_SAFE_INTEGER or value < minimum or (maximum is not None and value > maximum):
            raise FieldError(wanted())
        return value

    return parse


def _memory(raw: object) -> str:
    text = _trim(raw) if isinstance(raw, str) else None
    if text is None or not _MEMORY.match(text):
        raise FieldError(Msg("must be a positive number followed by M or G, such as 512M or 1G"))
    return text.upper()


FIELDS: tuple[SettingField, ...] = (
    SettingField("max_sessions", N_("Maximum concurrent sessions"), N_("All visitors together; more wait in a queue."), _integer(1)),
    SettingField(
        "max_guest_sessions",
        N_("Maximum concurrent guest sessions"),
        N_("Sessions of visitors who are not logged in; 0 means the same as the maximum above, and it never counts above it."),
        _integer(0),
    ),
    SettingField("idle_timeout_seconds", N_("Idle timeout (seconds)"), N_("A session with no activity for this long ends."), _integer(5)),
    SettingField(
        "max_lifetime_seconds", N_("Maximum session age (seconds)"), N_("A session ends this long after it started, busy or not."), _integer(5)
    ),
    SettingField("cpu_percent", N_("CPU (% of one core)"), N_("CPU share of one session, 1-100."), _integer(1, 100)),
    SettingField("memory_limit", N_("Memory limit"), N_("Per session, a number followed by M or G, such as 512M or 1G."), _memory, numeric=False),
    SettingField(
        "explore_datasets",
        N_("Explore datasets in Jupyter"),
        N_("Off: no dataset page shows \"Explore in Jupyter\" and the hub refuses to open datasets."),
        parse_switch,
        numeric=False,
        kind="switch",
    ),
    SettingField(
        "explore_formats",
        N_("Formats the starter notebook loads"),
        N_("A dataset with a resource of one of these formats (or in the DataStore) can be explored; files of other formats are not copied."),
        parse_formats,
        numeric=False,
        kind="choices",
    ),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
_BY_NAME = {f.name: f for f in FIELDS}


def parse_value(name: str, raw: object) -> Any:
    """The typed value of one setting, or FieldError with the hub's wording."""
    return _BY_NAME[name].parse(raw)
