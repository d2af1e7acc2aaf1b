"""The sysadmin page (/ckan-admin/jupyternotebook) as data: live sessions, the settings
form with its errors, and the outcome of saving settings or stopping a session.

The CKAN blueprint only calls these functions and renders the result. The client is
anything with the methods of `HubClient`.

sessions.py: the sessions table; fields.py: the settings form's fields; actions.py:
saving settings and stopping a session; page.py: page_state.
"""
from __future__ import annotations

from .actions import SaveOutcome, save_settings, stop_session
from .fields import settings_fields
from .page import page_state
from .sessions import ENDED_STATES, format_time, session_rows

__all__ = [
    "ENDED_STATES",
    "SaveOutcome",
    "format_time",
    "page_state",
    "save_settings",
    "session_rows",
    "settings_fields",
    "stop_session",
]
