"""The sysadmin page as data, against the fake hub over real HTTP."""
from __future__ import annotations

import socket
from datetime import datetime, timezone

import pytest
from fake_hub import GOOD_TOKEN, FakeHub

from ckanext.jupyternotebook import admin_page
from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.hub_client import HubClient
from ckanext.jupyternotebook.settings_form import form_values

NOW = datetime(2026, 1, 1, 10, 5, 0, tzinfo=timezone.utc)


@pytest.fixture
def hub():
    with FakeHub() as running:
        yield running


def _cfg(hub: FakeHub, token: str | None = GOOD_TOKEN, **kw) -> PluginConfig:
    return PluginConfig(hub_url="https://hub.example.org/", hub_api_url=hub.url, admin_token=token, **kw)


def _client(hub: FakeHub, token: str | None = GOOD_TOKEN) -> HubClient:
    return HubClient(hub.url, token, timeout=5)


def _submitted(hub: FakeHub, **changes: str) -> dict[str, str]:
    form = form_values(hub.settings)
    form.update({"orig_" + k: v for k, v in form_values(hub.settings).items()})
    form.update(changes)
    return form


def test_the_page_shows_sessions_and_the_current_settings(hub):
    hub.sessions[0].update(notebook={"title": "Ocean temperatures", "file": "ocean.ipynb"}, ckan_user="alice",
                           visitor_kind="ckan-user")
    page = admin_page.page_state(_client(hub), _cfg(hub, env_settings={"cpu_percent": 25}), now=NOW)
    assert page["sessions_error"] is None and page["settings_error"] is None
    (row,) = page["sessions"]
    assert row["id"] == "s-1" and row["state"] == "ready" and row["can_stop"]
    assert row["notebook"] == "Ocean temperatures (ocean.ipynb)" and row["visitor"] == "ckan-user: alice"
    assert row["created_at"] == "2026-01-01 10:00:00 UTC" and row["ends_in"] == "15 min 00 s"
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["memory_limit"]["value"] == "1G" and fields["memory_limit"]["original"] == "1G"
    assert fields["cpu_percent"]["env_default"] == "25" and fields["memory_limit"]["env_default"] is None
    assert page["hub"] == {"public_url": "https://hub.example.org/", "api_url": hub.url,
                           "auth_configured": True, "tickets_enabled": False}


def test_the_page_state_never_contains_the_admin_token(hub):
    page = admin_page.page_state(_client(hub), _cfg(hub), now=NOW)
    assert GOOD_TOKEN not in repr(page)


def test_a_wrong_token_is_shown_as_a_clear_error_on_both_parts(hub):
    page = admin_page.page_state(_client(hub, "nope"), _cfg(hub, "nope"), now=NOW)
    assert "admin token" in page["sessions_error"] and "admin token" in page["settings_error"]
    assert page["fields"] is None


def test_a_hub_that_is_down_is_shown_as_unreachable():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    cfg = PluginConfig(hub_url="https://hub.example.org/", hub_api_url=url, admin_token=GOOD_TOKEN)
    page = admin_page.page_state(HubClient(url, GOOD_TOKEN), cfg, now=NOW)
    assert "unreachable" in page["sessions_error"] and "unreachable" in page["settings_error"]


def test_saving_sends_only_the_changed_field(hub):
    outcome = admin_page.save_settings(_client(hub), _submitted(hub, cpu_percent="80"))
    assert outcome.ok and outcome.message == "Saved: CPU (% of one core)."
    assert hub.settings["cpu_percent"] == 80
    method, path, _, body = hub.requests[-1]
    assert (method, path, body) == ("PUT", "/api/admin/settings", b'{"cpu_percent": 80}')


def test_saving_nothing_changed_sends_nothing(hub):
    outcome = admin_page.save_settings(_client(hub), _submitted(hub))
    assert outcome.ok and outcome.message == "Nothing changed." and hub.requests == []


def test_local_validation_errors_stay_next_to_their_fields_and_send_nothing(hub):
    outcome = admin_page.save_settings(_client(hub), _submitted(hub, idle_timeout_seconds="3", cpu_percent="150"))
    assert not outcome.ok and hub.requests == []
    page = admin_page.page_state(_client(hub), _cfg(hub), now=NOW, outcome=outcome)
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["idle_timeout_seconds"]["errors"] == ["must be an integer ≥ 5"]
    assert fields["cpu_percent"]["errors"] == ["must be an integer from 1 to 100"]
    assert fields["cpu_percent"]["value"] == "150"  # what the admin typed
    assert fields["cpu_percent"]["original"] == "50"  # what the form started from
    assert fields["memory_limit"]["errors"] == []


def test_hub_field_errors_are_shown_next_to_their_fields(hub):
    hub.reject_all_fields = True
    outcome = admin_page.save_settings(_client(hub), _submitted(hub, cpu_percent="60", memory_limit="2G"))
    assert not outcome.ok
    page = admin_page.page_state(_client(hub), _cfg(hub), now=NOW, outcome=outcome)
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["cpu_percent"]["errors"] == ["refused by policy"]
    assert fields["memory_limit"]["errors"] == ["refused by policy"]
    assert fields["max_sessions"]["errors"] == [] and page["general_errors"] == []


def test_a_hub_failure_while_saving_is_a_form_error(hub):
    outcome = admin_page.save_settings(_client(hub, "wrong"), _submitted(hub, cpu_percent="60"))
    assert not outcome.ok and "admin token" in outcome.general_errors[0]


def test_stopping_sessions(hub):
    assert admin_page.stop_session(_client(hub), "s-1") == ("success", "Session s-1 stopped.")
    assert admin_page.stop_session(_client(hub), "s-1") == ("notice", "Session s-1 had already ended.")
    category, message = admin_page.stop_session(_client(hub), "..")
    assert category == "error" and "Not a session" in message
    assert admin_page.stop_session(_client(hub, "wrong"), "s-2")[0] == "error"


def test_session_rows_are_sorted_newest_first_and_ended_ones_cannot_be_stopped():
    rows = admin_page.session_rows(
        [
            {"id": "old", "state": "ready", "created_at": "2026-01-01T09:00:00Z"},
            {"id": "new", "state": "stopping", "created_at": "2026-01-01T10:00:00Z", "ended_reason": "admin"},
            {"id": "", "state": "ready"},
            {"state": "ready"},
            {"id": "<b>x</b>", "state": "queued\n", "created_at": None},
        ],
        NOW,
    )
    assert [r["id"] for r in rows] == ["new", "old", "<b>x</b>"]
    assert [r["can_stop"] for r in rows] == [False, True, True]
    assert rows[2]["created_at"] == "—" and rows[2]["state"] == "queued"


@pytest.mark.parametrize(
    "value, text",
    [
        ("2026-01-01T10:00:00.123Z", "2026-01-01 10:00:00 UTC"),
        ("2026-01-01T11:00:00+01:00", "2026-01-01 10:00:00 UTC"),
        (1767261600, "2026-01-01 10:00:00 UTC"),
        (1767261600000, "2026-01-01 10:00:00 UTC"),
        (None, "—"),
        ("soon", "soon"),
        (True, "True"),
    ],
)
def test_times_are_shown_in_utc(value, text):
    assert admin_page.format_time(value) == text
