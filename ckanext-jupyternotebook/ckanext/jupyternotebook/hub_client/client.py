"""`HubClient`: the client of the hub's admin API (`/api/admin/…`, Bearer token), on urllib only.

The admin token goes in the Authorization header of requests to the configured API
URL and nowhere else: redirects are not followed (a redirect would carry the header
to another address), proxies from the environment are not used, and no message or
log line built here contains the token.
"""
from __future__ import annotations

import http.client
import json
import logging
import socket
import time
import urllib.error
import urllib.request
from typing import Any

from ..i18n import Msg
from ..settings_form.hub_messages import clean_message
from ..urls import UrlError, admin_api_url
from .answers import interpret
from .errors import HubError

# The logger of the module this was split from, so log configuration keeps working.
log = logging.getLogger(__package__)

DEFAULT_TIMEOUT_SECONDS = 10.0
MAX_RESPONSE_BYTES = 4 * 1024 * 1024
_CHUNK = 64 * 1024


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D401
        return None  # urllib then raises HTTPError with the 3xx status


class HubClient:
    def __init__(self, api_url: str | None, admin_token: str | None, *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        self.api_url = api_url
        self._token = admin_token
        self.timeout = timeout
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())

    def __repr__(self) -> str:
        return f"HubClient(api_url={self.api_url!r}, token={'<set>' if self._token else '<missing>'})"

    # The admin API

    def list_sessions(self) -> list[dict[str, Any]]:
        body = self._call("GET", "sessions")
        sessions = body.get("sessions") if isinstance(body, dict) else None
        if not isinstance(sessions, list):
            raise HubError("bad_response", Msg("The hub's session list has an unexpected shape."))
        return [s for s in sessions if isinstance(s, dict)]

    def stop_session(self, session_id: str) -> bool:
        """True when the hub stopped it, False when it was already gone (404)."""
        try:
            self._call("DELETE", "sessions", session_id)
        except HubError as exc:
            if exc.kind == "not_found":
                return False
            raise
        return True

    def get_settings(self) -> dict[str, Any]:
        body = self._call("GET", "settings")
        if not isinstance(body, dict):
            raise HubError("bad_response", Msg("The hub's settings have an unexpected shape."))
        return body

    def update_settings(self, changes: dict[str, Any]) -> dict[str, Any]:
        """PUT the changed fields; the hub's full settings, or SettingsRejected."""
        body = self._call("PUT", "settings", body=changes)
        if not isinstance(body, dict):
            raise HubError("bad_response", Msg("The hub's settings have an unexpected shape."))
        return body

    def check_ticket(self, ticket: str, resource_id: str) -> dict[str, Any]:
        """Whether the hub would accept this launch ticket (POST /api/admin/ticket-check):
        `{"ok": True, "user": …}` or `{"ok": False, "reason": …}`; nothing is launched."""
        body = self._call("POST", "ticket-check", body={"ticket": ticket, "resource_id": resource_id})
        if not isinstance(body, dict) or not isinstance(body.get("ok"), bool):
            raise HubError("bad_response", Msg("The hub's ticket check has an unexpected shape."))
        return body

    # Transport

    def _call(self, method: str, *segments: str, body: Any = None) -> Any:
        if not self.api_url:
            raise HubError("not_configured", Msg("The hub's address is not configured (ckanext.jupyternotebook.hub_api_url)."))
        if not self._token:
            raise HubError(
                "not_configured",
                Msg("No admin token is configured (ckanext.jupyternotebook.admin_token or HUB_ADMIN_TOKEN)."),
            )
        try:
            url = admin_api_url(self.api_url, *segments)
        except UrlError as exc:
            raise HubError("invalid_id", Msg("Invalid id: {error}", error=str(exc))) from None
        status, raw = self._send(method, url, body)
        return interpret(method, url, status, raw, api_url=self.api_url, redact=self._redact)

    def _send(self, method: str, url: str, body: Any) -> tuple[int, bytes]:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        # Unredirected: never copied onto a redirected request (none is followed anyway).
        request.add_unredirected_header("Authorization", "Bearer " + str(self._token))
        deadline = time.monotonic() + self.timeout
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                return response.status, self._read(response, deadline)
        except urllib.error.HTTPError as exc:
            try:
                raw = self._read(exc, deadline)
            except HubError:
                raw = b""
            finally:
                exc.close()
            return exc.code, raw
        except urllib.error.URLError as exc:
            raise self._network_error(exc.reason) from None
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc) from None
        except ValueError:  # http.client refuses a header value with line breaks
            raise HubError("not_configured", Msg("The admin token contains characters a header cannot carry.")) from None

    def _read(self, response: Any, deadline: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise self._network_error(socket.timeout())
                chunk = response.read(_CHUNK)
                if not chunk:
                    return b"".join(chunks)
                size += len(chunk)
                if size > MAX_RESPONSE_BYTES:
                    raise HubError("bad_response", Msg("The hub's answer is too large."))
                chunks.append(chunk)
        except (OSError, http.client.HTTPException) as exc:
            raise self._network_error(exc) from None

    def _network_error(self, reason: object) -> HubError:
        if isinstance(reason, (socket.timeout, TimeoutError)):
            log.warning("hub admin API at %s did not answer within %s s", self.api_url, self.timeout)
            return HubError("timeout", Msg("The hub at {url} did not answer within {seconds} seconds.", url=self.api_url, seconds=format(self.timeout, "g")))
        detail = reason.strerror if isinstance(reason, OSError) and reason.strerror else type(reason).__name__
        if isinstance(reason, str):
            detail = reason
        log.warning("hub admin API at %s is unreachable: %s", self.api_url, detail)
        return HubError("unreachable", Msg("The hub is unreachable at {url} ({detail}).", url=self.api_url, detail=clean_message(detail, limit=120)))

    def _redact(self, text: str) -> str:
        # A hub should never echo the token; if one ever did, it is not shown either.
        return text.replace(self._token, "[redacted]") if self._token and self._token in text else text
