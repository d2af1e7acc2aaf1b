"""The live sessions table: the hub's session list as rows of text, newest first,
with times in UTC, what ends them next and whether a Stop button applies.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping, Sequence

from ..i18n import Msg
from ..settings_form.hub_messages import clean_message

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
