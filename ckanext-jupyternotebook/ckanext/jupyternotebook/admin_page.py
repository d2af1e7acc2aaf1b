"""The sysadmin page (/ckan-admin/jupyternotebook) as data: live sessions, the settings
form with its errors, and the outcome of saving settings or stopping a session.

The CKAN blueprint only calls these functions and renders the result. The client is
anything with the methods of `HubClient`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

from .config import PluginConfig
from .i18n import Msg
from .hub_client import HubClient, HubError, SettingsRejected
from .explore_fields import KNOWN_FORMATS, FieldError, canonical_format, parse_switch
from .settings_form import (
    FIELDS,
    SettingField,
    ORIGINAL_PREFIX,
    ParsedForm,
    changed_settings,
    clean_message,
    form_values,
    parse_settings_form,
)
from .urls import UrlError, encode_segment

ENDED_STATES = frozenset({"ended", "stopped", "stopping", "failed"})


def format_time(value: object) -> str:
    """A hub timestamp (ISO 8601 text, or Unix seconds or milliseconds) as UTC text."""
    moment = _to_datetime(value)
    if moment is None:
        return clean_message(value, limit=40) if value not in (None, "") else "—"
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def _to_datetime(value: object) -> datetime | None:
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if value > 100_000_000_000 else value
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        if isinstance(value, str) and value:
            text = value.strip()
            if text.endswith(("Z", "z")):  # fromisoformat only reads Z from Python 3.11
                text = text[:-1] + "+00:00"
            moment = datetime.fromisoformat(text)
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    return None


def _remaining(deadlines: Sequence[object], now: datetime) -> str:
    moments = [m for m in (_to_datetime(d) for d in deadlines) if m is not None]
    if not moments:
        return "—"
    seconds = int((min(moments) - now).total_seconds())
    if seconds <= 0:
        return Msg("now")
    minutes, seconds = divmod(seconds, 60)
    if minutes:
        return Msg("{minutes} min {seconds} s", minutes=minutes, seconds=str(seconds).zfill(2))
    return Msg("{seconds} s", seconds=seconds)


def _notebook_label(value: object) -> str:
    if isinstance(value, dict):  # the hub sends {"title", "file"}
        title, file = value.get("title"), value.get("file")
        value = f"{title} ({file})" if title and file and title != file else (title or file or "")
    return clean_message(value, limit=120) or "—"


def _visitor_label(session: Mapping[str, Any]) -> str:
    kind = clean_message(session.get("visitor_kind"), limit=40) or "—"
    user = clean_message(session.get("ckan_user"), limit=100)
    return f"{kind}: {user}" if user else kind


def session_rows(sessions: Sequence[Mapping[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Table rows, newest first; every value already text (the template escapes it)."""
    rows = []
    for session in sessions:
        session_id = session.get("id")
        if not isinstance(session_id, str) or not session_id:
            continue
        state = clean_message(session.get("state"), limit=40) or "—"
        rows.append(
            {
                "id": clean_message(session_id, limit=200),
                "state": state,
                "notebook": _notebook_label(session.get("notebook")),
                "visitor": _visitor_label(session),
                "created_at": format_time(session.get("created_at")),
                "ready_at": format_time(session.get("ready_at")),
                "expires_at": format_time(session.get("expires_at")),
                "idle_deadline": format_time(session.get("idle_deadline")),
                "ends_in": _remaining((session.get("expires_at"), session.get("idle_deadline")), now),
                "ended_reason": clean_message(session.get("ended_reason"), limit=80),
                "can_stop": state.lower() not in ENDED_STATES and not session.get("ended_reason"),
                "_sort": _to_datetime(session.get("created_at")) or datetime.min.replace(tzinfo=timezone.utc),
            }
        )
    rows.sort(key=lambda r: r["_sort"], reverse=True)
    for row in rows:
        del row["_sort"]
    return rows


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


def page_state(
    client: HubClient,
    cfg: PluginConfig,
    *,
    now: datetime,
    outcome: SaveOutcome | None = None,
) -> dict[str, Any]:
    """Everything the admin template shows. Never contains the admin token."""
    state: dict[str, Any] = {
        "hub": {
            "public_url": cfg.hub_url,
            "api_url": cfg.hub_api_url,
            "auth_configured": bool(cfg.admin_token),
            "tickets_enabled": cfg.tickets_enabled,
        },
        "problems": list(cfg.problems),
        "sessions": [],
        "sessions_error": None,
        "fields": None,
        "settings_error": None,
        "general_errors": list(outcome.general_errors) if outcome else [],
    }
    try:
        state["sessions"] = session_rows(client.list_sessions(), now)
    except HubError as exc:
        state["sessions_error"] = exc.message
    try:
        current = client.get_settings()
    except HubError as exc:
        state["settings_error"] = exc.message
        return state
    state["fields"] = settings_fields(
        current,
        env_settings=cfg.env_settings,
        submitted=outcome.submitted if outcome else None,
        field_errors=outcome.field_errors if outcome else None,
    )
    return state
