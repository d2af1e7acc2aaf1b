"""The admin settings form: parsing and validation exactly like the hub, the PUT body
with only the fields the admin changed, and the hub's 400 errors mapped to fields.

The rules are those of the hub's `PUT /api/admin/settings` (src/settings/
runtime-settings.ts with the parsers of src/config/fields.ts), which keep the original
admin page's:
timeout >= 5 s, users > 0, CPU 1-100 % of a core, memory a number followed by M or G;
and the explore settings (explore_fields.py): a switch and a choice of formats.

An HTML checkbox is not sent when it is unchecked: a switch or a choice whose hidden
original (`orig_<name>`) was sent but whose value was not is off, or no format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from .explore_fields import FieldError, parse_formats, parse_switch
from .i18n import N_, Msg

# JavaScript's Number.MAX_SAFE_INTEGER: the hub refuses integers beyond it.
_MAX_SAFE_INTEGER = 2**53 - 1
# ASCII digits only: Python's \d would also accept other scripts' digits, JavaScript's does not.
_INTEGER = re.compile(r"-?[0-9]+\Z")
_MEMORY = re.compile(r"([1-9][0-9]*)([MG])\Z", re.IGNORECASE)
# What JavaScript's String.prototype.trim removes that str.strip does not.
_EXTRA_TRIM = "\ufeff"
MAX_MESSAGE_LENGTH = 300
ORIGINAL_PREFIX = "orig_"


__all__ = ["FieldError"]


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


@dataclass
class ParsedForm:
    """What the admin submitted: typed `values` of the valid fields, `errors` by field,
    and the `raw` text to show again in the form."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    originals: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_value(name: str, raw: object) -> Any:
    """The typed value of one setting, or FieldError with the hub's wording."""
    return _BY_NAME[name].parse(raw)


def parse_settings_form(form: Mapping[str, Any]) -> ParsedForm:
    """Validate every submitted field; an empty one gets the hub's message for its type."""
    result = ParsedForm()
    for setting in FIELDS:
        original = form.get(ORIGINAL_PREFIX + setting.name)
        if isinstance(original, str):
            result.originals[setting.name] = original
        raw = _submitted_value(form, setting, original is not None)
        if isinstance(raw, str):
            result.raw[setting.name] = raw
        if raw is None:  # not submitted: left unchanged, as in a PUT of a subset
            continue
        try:
            result.values[setting.name] = setting.parse(raw)
        except FieldError as exc:
            message = exc.args[0] if exc.args else str(exc)
            result.errors[setting.name] = message if isinstance(message, Msg) else str(exc)
    return result


def _submitted_value(form: Mapping[str, Any], setting: SettingField, rendered: bool) -> Any:
    """The field's text as submitted; for checkboxes, what their absence means."""
    if setting.kind == "choices":
        getlist = getattr(form, "getlist", None)
        values = getlist(setting.name) if callable(getlist) else form.get(setting.name)
        if isinstance(values, str):
            values = [values]
        if not values:
            return "" if rendered else None
        return ",".join(v for v in values if isinstance(v, str))
    raw = form.get(setting.name)
    if setting.kind == "switch" and raw is None and rendered:
        return "off"
    return raw


def changed_settings(parsed: ParsedForm) -> dict[str, Any]:
    """The PUT body: the fields whose value differs from the one the form was rendered
    with, so a concurrent change by another admin to a field this admin left alone
    survives. A field with no readable original value is sent."""
    changes: dict[str, Any] = {}
    for name, value in parsed.values.items():
        try:
            original = parse_value(name, parsed.originals[name])
        except (KeyError, FieldError):
            changes[name] = value
            continue
        if original != value:
            changes[name] = value
    return changes


def form_values(settings: Mapping[str, Any]) -> dict[str, str]:
    """The hub's current settings as the text of the form's fields."""
    # A setting the hub does not send (an older hub) has no field: nothing to show or save.
    return {name: _text(settings.get(name)) for name in FIELD_NAMES if name in settings}


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def clean_message(message: object, *, limit: int = MAX_MESSAGE_LENGTH) -> str:
    """A hub-supplied message made safe to show: text only, one line, bounded."""
    text = message if isinstance(message, str) else ("" if message is None else str(message))
    text = "".join(c if c.isprintable() else " " for c in text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def map_hub_errors(body: object) -> tuple[dict[str, str], list[str]]:
    """A 400 body of the hub -> (errors by form field, errors for the whole form).

    Accepts `{"field": name, "message": text}` and `{"fields": {name: text, …}}`;
    errors for names the form does not have go to the whole-form list."""
    field_errors: dict[str, str] = {}
    general: list[str] = []
    if not isinstance(body, dict):
        return field_errors, [Msg("The hub refused the settings.")]

    def add(name: object, message: object) -> None:
        text = clean_message(message) or "is not valid"
        if isinstance(name, str) and name in _BY_NAME:
            field_errors.setdefault(name, text)
        else:
            general.append(f"{clean_message(name, limit=60)}: {text}" if name else text)

    fields = body.get("fields")
    if isinstance(fields, dict) and fields:
        # The hub sends `fields` with every field's own message, plus `field` (the first)
        # and a combined `message`: the per-field messages are the ones to show.
        for name, message in fields.items():
            add(name, message)
    elif body.get("field") is not None:
        add(body.get("field"), body.get("message"))
    if not field_errors and not general:
        general.append(clean_message(body.get("message")) or Msg("The hub refused the settings."))
    return field_errors, general
