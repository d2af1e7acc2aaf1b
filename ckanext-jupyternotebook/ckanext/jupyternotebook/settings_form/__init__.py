"""The admin settings form: parsing and validation exactly like the hub, the PUT body
with only the fields the admin changed, and the hub's 400 errors mapped to fields.

The rules are those of the hub's `PUT /api/admin/settings` (src/settings/
runtime-settings.ts with the parsers of src/config/fields.ts), which keep the original
admin page's:
timeout >= 5 s, users > 0, CPU 1-100 % of a core, memory a number followed by M or G;
and the explore settings (explore_fields.py): a switch and a choice of formats.

An HTML checkbox is not sent when it is unchecked: a switch or a choice whose hidden
original (`orig_<name>`) was sent but whose value was not is off, or no format.

fields.py: the fields and their parsers; form.py: the submitted form and the PUT body;
hub_messages.py: the hub's messages and 400 errors for the page.
"""
from __future__ import annotations

from ..explore_fields import FieldError
from .fields import FIELD_NAMES, FIELDS, SettingField, parse_value
from .form import ORIGINAL_PREFIX, ParsedForm, changed_settings, form_values, parse_settings_form
from .hub_messages import MAX_MESSAGE_LENGTH, clean_message, map_hub_errors

__all__ = [
    "FIELDS",
    "FIELD_NAMES",
    "MAX_MESSAGE_LENGTH",
    "ORIGINAL_PREFIX",
    "FieldError",
    "ParsedForm",
    "SettingField",
    "changed_settings",
    "clean_message",
    "form_values",
    "map_hub_errors",
    "parse_settings_form",
    "parse_value",
]
