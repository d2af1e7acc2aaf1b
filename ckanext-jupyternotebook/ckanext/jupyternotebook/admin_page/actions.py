"""The admin page's two actions: saving settings (validated like the hub, only the
changed fields sent) and stopping a session, each as an outcome to show.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from ..hub_client import HubClient, HubError, SettingsRejected
from ..i18n import Msg
from ..settings_form import FIELDS, ParsedForm, changed_settings, clean_message, parse_settings_form
from ..urls import UrlError, encode_segment


@dataclass
class SaveOutcome:
    ok: bool
    message: str = ""
    submitted: ParsedForm | None = None
    field_errors: dict[str, str] = field(default_factory=dict)
    general_errors: list[str] = field(default_factory=list)


def save_settings(client: HubClient, form: Mapping[str, Any]) -> SaveOutcome:
    """Validate like the hub, then PUT only the changed fields."""
    parsed = parse_settings_form(form)
    if not parsed.ok:
        return SaveOutcome(False, submitted=parsed, field_errors=dict(parsed.errors))
    changes = changed_settings(parsed)
    if not changes:
        return SaveOutcome(True, Msg("Nothing changed."))
    try:
        client.update_settings(changes)
    except SettingsRejected as exc:
        return SaveOutcome(False, submitted=parsed, field_errors=exc.field_errors, general_errors=exc.general_errors)
    except HubError as exc:
        return SaveOutcome(False, submitted=parsed, general_errors=[exc.message])
    labels = [s.label for s in FIELDS if s.name in changes]
    return SaveOutcome(True, Msg("Saved: {fields}.", fields=", ".join(labels)))


def stop_session(client: HubClient, session_id: object) -> tuple[str, str]:
    """(category, message) for a flash: success, notice or error."""
    try:
        encode_segment(session_id, name="session id")
    except UrlError as exc:
        return "error", Msg("Not a session: {error}.", error=str(exc))
    label = clean_message(session_id, limit=80)
    try:
        stopped = client.stop_session(str(session_id))
    except HubError as exc:
        return "error", exc.message
    if stopped:
        return "success", Msg("Session {id} stopped.", id=label)
    return "notice", Msg("Session {id} had already ended.", id=label)
