"""Client of the hub's admin API (`/api/admin/…`, Bearer token), on urllib only.

The admin token goes in the Authorization header of requests to the configured API
URL and nowhere else: redirects are not followed (a redirect would carry the header
to another address), proxies from the environment are not used, and no message or
log line built here contains the token.

errors.py: HubError and SettingsRejected; client.py: HubClient (the API calls and the
transport); answers.py: what a status and body of the hub mean.
"""
from __future__ import annotations

from .client import DEFAULT_TIMEOUT_SECONDS, MAX_RESPONSE_BYTES, HubClient
from .errors import HubError, SettingsRejected

__all__ = ["DEFAULT_TIMEOUT_SECONDS", "MAX_RESPONSE_BYTES", "HubClient", "HubError", "SettingsRejected"]
