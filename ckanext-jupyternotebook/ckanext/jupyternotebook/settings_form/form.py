"""The submitted admin form: every field parsed (`parse_settings_form`), the PUT body of
only the fields the admin changed (`changed_settings`), and the hub's settings as the
form's text (`form_values`).

An HTML checkbox is not sent when it is unchecked: a switch or a choice whose hidden
original (`orig_<name>`) was sent but whose value was not is off, or no format.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..explore_fields import FieldError
from ..i18n import Msg
from .fields import FIELD_NAMES, FIELDS, SettingField, parse_value

ORIGINAL_PREFIX = "orig_"


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
