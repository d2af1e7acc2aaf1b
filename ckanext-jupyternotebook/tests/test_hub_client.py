"""The admin API client against a real HTTP server on 127.0.0.1 that mimics the hub."""
from __future__ import annotations

import json
import logging
import socket
import threading

import pytest
from fake_hub import GOOD_TOKEN, FakeHub

from ckanext.jupyternotebook.hub_client import HubClient, HubError, SettingsRejected


@pytest.fixture
def hub():
    with FakeHub() as running:
        yield running


def test_lists_sessions_with_the_token_in_the_authorization_header_only(hub):
    sessions = HubClient(hub.url, GOOD_TOKEN).list_sessions()
    assert [s["id"] for s in sessions] == ["s-1"]
    method, path, headers, _ = hub.requests[-1]
    assert (method, path) == ("GET", "/api/admin/sessions")
    assert headers["Authorization"] == f"Bearer {GOOD_TOKEN}"
    assert GOOD_TOKEN not in path and all(GOOD_TOKEN not in v for k, v in headers.items() if k != "Authorization")


def test_a_wrong_token_is_a_clear_unauthorized_error_without_the_token(hub, caplog):
    caplog.set_level(logging.DEBUG)
    with pytest.raises(HubError) as caught:
        HubClient(hub.url, "wrong-token-value").get_settings()
    assert caught.value.kind == "unauthorized" and caught.value.status == 401
    assert "admin token" in caught.value.message
    assert "wrong-token-value" not in caught.value.message
    assert "wrong-token-value" not in caplog.text


def test_reads_settings(hub):
    assert HubClient(hub.url, GOOD_TOKEN).get_settings()["memory_limit"] == "1G"


def test_updates_settings_and_sends_only_the_given_fields(hub):
    settings = HubClient(hub.url, GOOD_TOKEN).update_settings({"cpu_percent": 75})
    assert settings["cpu_percent"] == 75 and settings["memory_limit"] == "1G"
    method, path, headers, body = hub.requests[-1]
    assert (method, path) == ("PUT", "/api/admin/settings")
    assert json.loads(body) == {"cpu_percent": 75}
    assert headers["Content-Type"] == "application/json"


def test_a_400_with_one_field_becomes_a_field_error(hub):
    with pytest.raises(SettingsRejected) as caught:
        HubClient(hub.url, GOOD_TOKEN).update_settings({"idle_timeout_seconds": 2})
    assert caught.value.field_errors == {"idle_timeout_seconds": "must be an integer ≥ 5"}
    assert caught.value.general_errors == []
    assert hub.settings["idle_timeout_seconds"] == 1200


def test_a_400_with_several_fields_becomes_several_field_errors(hub):
    with pytest.raises(SettingsRejected) as caught:
        HubClient(hub.url, GOOD_TOKEN).update_settings({"cpu_percent": 0, "memory_limit": "lots", "gpu": 1})
    assert caught.value.field_errors == {
        "cpu_percent": "must be an integer from 1 to 100",
        "memory_limit": "must be a positive number followed by M or G, such as 512M or 1G",
    }
    assert caught.value.general_errors == ["gpu: unknown setting"]


def test_a_400_with_only_field_and_message_is_understood_too(hub):
    hub.single_field_errors = True
    with pytest.raises(SettingsRejected) as caught:
        HubClient(hub.url, GOOD_TOKEN).update_settings({"cpu_percent": 0})
    assert caught.value.field_errors == {"cpu_percent": "must be an integer from 1 to 100"}


def test_stopping_a_session_and_stopping_it_again(hub):
    client = HubClient(hub.url, GOOD_TOKEN)
    assert client.stop_session("s-1") is True
    assert hub.requests[-1][:2] == ("DELETE", "/api/admin/sessions/s-1")
    assert client.stop_session("s-1") is False  # already gone: not an error


def test_session_ids_are_path_encoded(hub):
    client = HubClient(hub.url, GOOD_TOKEN)
    assert client.stop_session("../settings") is False
    assert hub.requests[-1][:2] == ("DELETE", "/api/admin/sessions/..%2Fsettings")
    with pytest.raises(HubError):
        client.stop_session("..")
    assert hub.requests[-1][1] == "/api/admin/sessions/..%2Fsettings"  # nothing sent for ".."


def test_a_hub_under_a_base_path(hub):
    client = HubClient(hub.url + "jupyter/", GOOD_TOKEN)
    assert client.get_settings()["cpu_percent"] == 50
    assert hub.requests[-1][1] == "/jupyter/api/admin/settings"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_closed_port_is_a_clear_hub_unreachable_error(caplog):
    url = f"http://127.0.0.1:{_closed_port()}/"
    with pytest.raises(HubError) as caught:
        HubClient(url, GOOD_TOKEN).list_sessions()
    assert caught.value.kind == "unreachable"
    assert "unreachable" in caught.value.message and url in caught.value.message
    assert GOOD_TOKEN not in caught.value.message and GOOD_TOKEN not in caplog.text


def test_a_hub_that_never_answers_is_a_timeout_error():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)  # accepts connections, never answers
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/"
        with pytest.raises(HubError) as caught:
            HubClient(url, GOOD_TOKEN, timeout=0.3).get_settings()
    assert caught.value.kind == "timeout"


def test_redirects_are_not_followed_and_the_token_does_not_travel(hub):
    with FakeHub() as elsewhere:
        hub.redirect_to = elsewhere.url + "api/admin/settings"
        with pytest.raises(HubError) as caught:
            HubClient(hub.url, GOOD_TOKEN).get_settings()
        assert caught.value.kind == "redirect"
        assert elsewhere.requests == []


def test_proxies_from_the_environment_are_not_used(hub, monkeypatch):
    monkeypatch.setenv("http_proxy", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{_closed_port()}")
    assert HubClient(hub.url, GOOD_TOKEN).get_settings()["cpu_percent"] == 50


def test_missing_configuration_fails_before_any_request():
    with pytest.raises(HubError) as caught:
        HubClient(None, GOOD_TOKEN).list_sessions()
    assert caught.value.kind == "not_configured"
    with pytest.raises(HubError) as caught:
        HubClient("http://127.0.0.1:9/", None).list_sessions()
    assert caught.value.kind == "not_configured" and "HUB_ADMIN_TOKEN" in caught.value.message


def test_a_token_with_a_line_break_is_refused_not_sent(hub):
    with pytest.raises(HubError) as caught:
        HubClient(hub.url, "abc\r\nX-Evil: 1").get_settings()
    assert caught.value.kind == "not_configured"
    assert hub.requests == []


def test_the_client_repr_hides_the_token():
    assert GOOD_TOKEN not in repr(HubClient("http://hub/", GOOD_TOKEN))


class _OneShotServer:
    """Answers every request with a fixed raw HTTP response."""

    def __init__(self, response: bytes) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.response = response
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/"

    def _serve(self) -> None:
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        with conn:
            conn.recv(65536)
            conn.sendall(self.response)

    def close(self) -> None:
        self.sock.close()
        self.thread.join()


@pytest.mark.parametrize(
    "response, kind",
    [
        (b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot json!", "bad_response"),
        (b'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]', "bad_response"),
        (b'HTTP/1.1 503 Busy\r\nContent-Length: 27\r\nConnection: close\r\n\r\n{"message":"shutting down"}', "hub_error"),
        (b"HTTP/1.1 500 Oops\r\nContent-Length: 5\r\nConnection: close\r\n\r\nboom!", "hub_error"),
        (b"garbage that is not HTTP\r\n\r\n", "unreachable"),
    ],
)
def test_odd_answers_become_clear_errors(response, kind):
    server = _OneShotServer(response)
    try:
        with pytest.raises(HubError) as caught:
            HubClient(server.url, GOOD_TOKEN, timeout=5).get_settings()
    finally:
        server.close()
    assert caught.value.kind == kind
    if kind == "hub_error":
        assert str(caught.value.status) in caught.value.message
