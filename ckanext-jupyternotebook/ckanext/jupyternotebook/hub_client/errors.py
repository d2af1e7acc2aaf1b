"""The errors of the admin API client: `HubError` with a `kind` callers branch on and a
message safe to show a sysadmin; `SettingsRejected` for a refused settings change.
"""
from __future__ import annotations


class HubError(Exception):
    """A failed admin API call. `kind` is one of: not_configured, invalid_id, unreachable,
    timeout, unauthorized, not_found, redirect, rejected, hub_error, bad_response."""

    def __init__(self, kind: str, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status
        self.message = message


class SettingsRejected(HubError):
    """The hub answered 400 to a settings change; errors by form field and for the form."""

    def __init__(self, field_errors: dict[str, str], general_errors: list[str]) -> None:
        super().__init__("rejected", "The hub refused the settings.", status=400)
        self.field_errors = field_errors
        self.general_errors = general_errors
