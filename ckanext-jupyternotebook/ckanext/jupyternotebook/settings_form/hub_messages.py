"""The hub's answers made fit for the admin page: `clean_message` (one safe, bounded
line of text) and `map_hub_errors` (a 400 body of the hub -> errors by form field and
for the whole form).
"""
from __future__ import annotations

from ..i18n import Msg
from .fields import _BY_NAME

MAX_MESSAGE_LENGTH = 300


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
