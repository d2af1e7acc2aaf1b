"""The settings form's fields as the template shows them: the value (the hub's, or what
the admin submitted), the hidden original, errors, the start-up default from the
environment, and the checkboxes of a switch or a choice of formats.
"""
from __future__ import annotations

from typing import Any, Mapping

from ..explore_fields import KNOWN_FORMATS, FieldError, canonical_format, parse_switch
from ..settings_form import FIELDS, ORIGINAL_PREFIX, ParsedForm, SettingField, form_values


def settings_fields(
    current: Mapping[str, Any],
    *,
    env_settings: Mapping[str, Any] | None = None,
    submitted: ParsedForm | None = None,
    field_errors: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """The form's fields: value shown, original value (hidden), errors, start-up default."""
    shown = form_values(current)
    originals = dict(shown)
    if submitted is not None:
        shown.update({k: v for k, v in submitted.raw.items() if k in shown and v is not None})
        originals.update({k: v for k, v in submitted.originals.items() if k in originals})
    errors = dict(field_errors or {})
    fields = []
    for setting in FIELDS:
        if setting.name not in shown:
            continue
        env_default = (env_settings or {}).get(setting.name)
        fields.append(
            {
                "name": setting.name,
                "id": "field-" + setting.name.replace("_", "-"),
                "label": setting.label,
                "help": setting.help,
                "value": shown[setting.name],
                "original_name": ORIGINAL_PREFIX + setting.name,
                "original": originals[setting.name],
                "errors": [errors[setting.name]] if setting.name in errors else [],
                "numeric": setting.numeric,
                "kind": setting.kind,
                "env_default": None if env_default is None or str(env_default) == shown[setting.name] else str(env_default),
                **_checkboxes(setting, shown[setting.name]),
            }
        )
    return fields


def _checkboxes(setting: SettingField, shown: str) -> dict[str, Any]:
    """A switch: `checked`; a choice: `options` ({value, id, checked}), from the shown text."""
    if setting.kind == "switch":
        try:
            return {"checked": bool(parse_switch(shown))}
        except FieldError:
            return {"checked": False}
    if setting.kind == "choices":
        chosen = {canonical_format(v) for v in shown.split(",")}
        return {
            "options": [
                {"value": f, "id": f"field-{setting.name.replace('_', '-')}-{f}", "checked": f in chosen} for f in KNOWN_FORMATS
            ]
        }
    return {}
