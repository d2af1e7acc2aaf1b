"""A tiny real HTTP server on 127.0.0.1 that answers like the hub's admin API.

The plugin's normal paths are tested against the real hub (test_real_hub.py); this
fake is for what the real hub does not do on demand (timeouts, 5xx, redirects, odd
400 shapes) and for inspecting the exact requests the client sends. Its settings rules
are the form's parsers, and test_real_hub.py checks those against the real hub."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ckanext.jupyternotebook.settings_form import FIELD_NAMES, FieldError, parse_value

GOOD_TOKEN = "admin-token-0123456789abcdef"


def _rule(name: str):
    # The form's parsers, which test_real_hub.py checks against the real hub's answers.
    def check(value: Any) -> tuple[Any, str | None]:
        try:
            return parse_value(name, value), None
        except FieldError as exc:
            return None, str(exc)

    return check


RULES = {name: _rule(name) for name in FIELD_NAMES}


class FakeHub:
    """State and request log of the fake hub; `requests` holds (method, path, headers, body)."""

    def __init__(self) -> None:
        self.settings: dict[str, Any] = {
            "max_sessions": 100,
            "max_guest_sessions": 100,
            "idle_timeout_seconds": 1200,
            "max_lifetime_seconds": 7200,
            "cpu_percent": 50,
            "memory_limit": "1G",
            "explore_datasets": True,
            "explore_formats": ["csv", "tsv", "xlsx", "json", "geojson"],
        }
        self.sessions: list[dict[str, Any]] = [
            {
                "id": "s-1",
                "state": "ready",
                "notebook": "ckan:b1c0e3d2",
                "visitor_kind": "guest",
                "created_at": "2026-01-01T10:00:00Z",
                "ready_at": "2026-01-01T10:00:02Z",
                "expires_at": "2026-01-01T12:00:00Z",
                "idle_deadline": "2026-01-01T10:20:00Z",
                "ended_reason": None,
            }
        ]
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self.reject_all_fields = False  # refuse every field sent
        self.single_field_errors = False  # 400 with only "field" and "message" (no "fields")
        self.redirect_to: str | None = None  # answer every request with a 302 there
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self) -> "FakeHub":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def _handler(self):
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _send(self, status: int, body: Any = None, headers: dict[str, str] | None = None) -> None:
                raw = b"" if body is None else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                hub.requests.append((method, self.path, dict(self.headers), body))
                if hub.redirect_to:
                    return self._send(302, None, {"Location": hub.redirect_to})
                if self.headers.get("Authorization") != f"Bearer {GOOD_TOKEN}":
                    return self._send(401, {"error": "unauthorized", "message": "Admin token required."})
                path = self.path.split("?")[0]
                base = "/api/admin/"
                if not path.startswith(base) and "/api/admin/" in path:  # a hub under a base path
                    path = path[path.index("/api/admin/"):]
                if method == "GET" and path == base + "sessions":
                    return self._send(200, {"sessions": hub.sessions, "capacity": {"max_sessions": 100}})
                if method == "DELETE" and path.startswith(base + "sessions/"):
                    session_id = path[len(base + "sessions/"):]
                    before = len(hub.sessions)
                    hub.sessions = [s for s in hub.sessions if s["id"] != session_id]
                    if len(hub.sessions) == before:
                        return self._send(404, {"error": "session_not_found", "message": "No such session."})
                    return self._send(200, {"id": session_id, "state": "stopping", "ended_reason": "admin"})
                if method == "GET" and path == base + "settings":
                    return self._send(200, hub.settings)
                if method == "PUT" and path == base + "settings":
                    changes = json.loads(body or b"{}")
                    checked = {k: RULES[k](v) if k in RULES else (None, "unknown setting") for k, v in changes.items()}
                    errors = {k: error for k, (_, error) in checked.items() if error}
                    if hub.reject_all_fields:
                        errors = {k: "refused by policy" for k in changes}
                    if errors and hub.single_field_errors:
                        field, message = next(iter(errors.items()))
                        return self._send(400, {"error": "setting_invalid", "message": message, "field": field})
                    if errors:  # the shape of src/settings/runtime-settings.ts + HubError.toJSON
                        return self._send(
                            400,
                            {
                                "error": "setting_invalid",
                                "message": "; ".join(f"{k}: {v}" for k, v in errors.items()),
                                "field": next(iter(errors)),
                                "fields": errors,
                            },
                        )
                    hub.settings.update({k: value for k, (value, _) in checked.items()})
                    return self._send(200, hub.settings)
                return self._send(404, {"error": "not_found", "message": "No route."})

            def do_GET(self) -> None:
                self._handle("GET")

            def do_PUT(self) -> None:
                self._handle("PUT")

            def do_DELETE(self) -> None:
                self._handle("DELETE")

        return Handler
