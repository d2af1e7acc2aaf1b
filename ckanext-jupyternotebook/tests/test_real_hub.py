"""The plugin's hub client and admin page against the real hub (see real_hub.py): read
the settings, save good ones, get the hub's field error for bad ones, list sessions,
stop one. And the one place where the fake hub's rules (fake_hub.py, kept for failure
shapes the real hub does not produce on demand) and the form's rules are checked
against the real hub's."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from fake_hub import GOOD_TOKEN, FakeHub
from real_hub import ADMIN_TOKEN, RealHub

from ckanext.jupyternotebook import admin_page
from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.hub_client import HubClient, HubError, SettingsRejected
from ckanext.jupyternotebook.settings_form import FieldError, form_values, parse_value

STARTUP = {"max_sessions": 4, "idle_timeout_seconds": 900, "memory_limit": "512M"}
STARTUP_FORMATS = ["csv", "xlsx", "json"]


@pytest.fixture(scope="module")
def hub():
    running = RealHub(
        HUB_MAX_SESSIONS=str(STARTUP["max_sessions"]),
        HUB_IDLE_TIMEOUT_SECONDS=str(STARTUP["idle_timeout_seconds"]),
        HUB_MEMORY_LIMIT=STARTUP["memory_limit"],
        HUB_EXPLORE_FORMATS="JSON, csv, .xlsx",
    )
    try:
        yield running
    finally:
        running.close()


@pytest.fixture
def client(hub):
    return HubClient(hub.url, ADMIN_TOKEN, timeout=30)


def _cfg(hub: RealHub, token: str | None = ADMIN_TOKEN) -> PluginConfig:
    return PluginConfig(hub_url=hub.url, hub_api_url=hub.url, admin_token=token)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _submitted(current: dict, **changes: str) -> dict[str, str]:
    form = form_values(current)
    form.update({"orig_" + k: v for k, v in form_values(current).items()})
    form.update(changes)
    return form


def test_reads_the_settings_the_hub_started_with(client):
    settings = client.get_settings()
    for name, value in STARTUP.items():
        assert settings[name] == value
    assert set(settings) >= {"max_guest_sessions", "max_lifetime_seconds", "cpu_percent"}


def test_the_admin_page_shows_the_hubs_settings(hub, client):
    page = admin_page.page_state(client, _cfg(hub), now=_now())
    assert page["sessions_error"] is None and page["settings_error"] is None
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["memory_limit"]["value"] == fields["memory_limit"]["original"] == "512M"
    assert fields["max_sessions"]["value"] == "4"


def test_saving_good_settings_changes_the_hub(client):
    current = client.get_settings()
    outcome = admin_page.save_settings(client, _submitted(current, cpu_percent="80", memory_limit="1g"))
    assert outcome.ok and outcome.message == "Saved: CPU (% of one core), Memory limit."
    after = client.get_settings()
    assert after["cpu_percent"] == 80 and after["memory_limit"] == "1G"
    assert {k: v for k, v in after.items() if k not in ("cpu_percent", "memory_limit")} == {
        k: v for k, v in current.items() if k not in ("cpu_percent", "memory_limit")
    }
    # Only the changed fields are sent: a field another admin changed meanwhile survives.
    client.update_settings({"idle_timeout_seconds": 1000})
    outcome = admin_page.save_settings(client, _submitted(current, cpu_percent="70"))
    assert outcome.ok and client.get_settings()["idle_timeout_seconds"] == 1000


def test_the_hubs_field_error_reaches_the_field(hub, client):
    with pytest.raises(SettingsRejected) as caught:
        client.update_settings({"idle_timeout_seconds": 2, "memory_limit": "lots"})
    assert caught.value.field_errors == {
        "idle_timeout_seconds": "must be an integer ≥ 5",
        "memory_limit": "must be a positive number followed by M or G, such as 512M or 1G",
    }
    assert caught.value.general_errors == []
    assert client.get_settings()["idle_timeout_seconds"] != 2

    # The admin page shows it next to its field (the form's own check is bypassed by a
    # client that sends whatever it is given, to see the hub's answer on the page).
    class Unchecked(HubClient):
        def update_settings(self, changes):
            return super().update_settings({**changes, "max_lifetime_seconds": 1})

    unchecked = Unchecked(hub.url, ADMIN_TOKEN, timeout=30)
    outcome = admin_page.save_settings(unchecked, _submitted(client.get_settings(), cpu_percent="33"))
    assert not outcome.ok and outcome.field_errors == {"max_lifetime_seconds": "must be an integer ≥ 5"}
    page = admin_page.page_state(client, _cfg(hub), now=_now(), outcome=outcome)
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["max_lifetime_seconds"]["errors"] == ["must be an integer ≥ 5"]
    assert fields["cpu_percent"]["value"] == "33" and fields["cpu_percent"]["errors"] == []
    assert client.get_settings()["cpu_percent"] != 33, "a refused PUT changes nothing"


def test_an_unknown_setting_is_a_form_error(client):
    with pytest.raises(SettingsRejected) as caught:
        client.update_settings({"gpu": 1})
    assert caught.value.field_errors == {} and caught.value.general_errors == ["gpu: unknown setting"]


def test_a_wrong_token_is_refused_by_the_real_hub(hub):
    page = admin_page.page_state(HubClient(hub.url, "not-the-token"), _cfg(hub, "not-the-token"), now=_now())
    assert "admin token" in page["sessions_error"] and "admin token" in page["settings_error"]
    assert page["fields"] is None


def test_lists_a_running_session_and_stops_it(hub, client):
    launched = hub.launch_guest()
    rows = admin_page.page_state(client, _cfg(hub), now=_now())["sessions"]
    (row,) = [r for r in rows if r["id"] == launched["id"]]
    assert row["state"] in ("starting", "ready") and row["can_stop"]
    assert row["visitor"] == "guest" and "welcome.ipynb" in row["notebook"]

    assert admin_page.stop_session(client, launched["id"]) == ("success", f"Session {launched['id']} stopped.")
    assert all(s["id"] != launched["id"] for s in client.list_sessions())
    assert admin_page.stop_session(client, launched["id"]) == (
        "notice",
        f"Session {launched['id']} had already ended.",
    )


def test_stopping_an_unknown_session_is_a_notice(client):
    assert client.stop_session("0" * 24) is False
    with pytest.raises(HubError) as caught:
        HubClient(client.api_url, "wrong").stop_session("0" * 24)
    assert caught.value.kind == "unauthorized"


# The one place where the fake's and the form's rules meet the real hub's: every value
# is sent to both hubs and parsed by the form; all three must agree, message for message.
RULE_CASES = [
    ("max_sessions", 1), ("max_sessions", 0), ("max_sessions", -3), ("max_sessions", 2.5),
    ("max_sessions", "7"), ("max_sessions", True), ("max_sessions", 2**53),
    ("max_guest_sessions", 1), ("max_guest_sessions", 0),
    ("idle_timeout_seconds", 5), ("idle_timeout_seconds", 4),
    ("max_lifetime_seconds", 5), ("max_lifetime_seconds", 4),
    ("cpu_percent", 1), ("cpu_percent", 100), ("cpu_percent", 0), ("cpu_percent", 101),
    ("memory_limit", "512M"), ("memory_limit", "2g"), ("memory_limit", "0M"),
    ("memory_limit", "1.5G"), ("memory_limit", "512"), ("memory_limit", 512), ("memory_limit", "1T"),
    ("explore_datasets", True), ("explore_datasets", "off"), ("explore_datasets", " Yes "),
    ("explore_datasets", "maybe"), ("explore_datasets", 1), ("explore_datasets", None),
    ("explore_formats", ["csv"]), ("explore_formats", "geojson, .CSV, text/csv"), ("explore_formats", []),
    ("explore_formats", ["csv", "docx"]), ("explore_formats", "docx, pdf"), ("explore_formats", 5),
    ("explore_formats", ["csv", 5]),
]


def _verdict(client: HubClient, name: str, value: object) -> str | None:
    try:
        client.update_settings({name: value})
    except SettingsRejected as exc:
        return exc.field_errors.get(name) or "; ".join(exc.general_errors)
    return None


@pytest.mark.parametrize("name, value", RULE_CASES, ids=[f"{n}={v!r}" for n, v in RULE_CASES])
def test_the_fake_and_the_form_follow_the_real_hubs_rules(client, name, value):
    original = client.get_settings()
    try:
        real = _verdict(client, name, value)
    finally:
        client.update_settings({k: v for k, v in original.items()})
    with FakeHub() as fake:
        assert _verdict(HubClient(fake.url, GOOD_TOKEN), name, value) == real, "the fake hub"
    try:
        parse_value(name, value)
        form = None
    except FieldError as exc:
        form = str(exc)
    assert form == real, "the admin form"


def test_the_admin_page_round_trips_the_explore_settings(hub, client):
    from ckanext.jupyternotebook.explore_settings import HubExploreSettings
    from ckanext.jupyternotebook.notebook_view import can_explore

    original = client.get_settings()
    assert original["explore_datasets"] is True
    assert original["explore_formats"] == STARTUP_FORMATS, "the hub's start-up default, canonical"
    cfg = _cfg(hub)
    page = admin_page.page_state(client, cfg, now=_now())
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["explore_datasets"]["checked"] is True
    assert [o["value"] for o in fields["explore_formats"]["options"] if o["checked"]] == STARTUP_FORMATS
    package = {"id": "d1", "resources": [{"id": "r1", "format": "GeoJSON"}]}
    explore = HubExploreSettings()
    assert not can_explore(explore.effective(cfg), package), "geojson is not chosen on the hub"
    try:
        # The admin unticks the switch and ticks geojson instead of xlsx (a browser sends
        # no value for an unticked box, and one value per ticked one).
        form = _submitted(original, explore_formats="csv,json,geojson")
        del form["explore_datasets"]
        outcome = admin_page.save_settings(client, form)
        assert outcome.ok, outcome
        after = client.get_settings()
        assert after["explore_datasets"] is False and after["explore_formats"] == ["csv", "json", "geojson"]
        fields = {f["name"]: f for f in admin_page.page_state(client, cfg, now=_now())["fields"]}
        assert fields["explore_datasets"]["checked"] is False
        assert [o["value"] for o in fields["explore_formats"]["options"] if o["checked"]] == ["csv", "json", "geojson"]
        explore.forget()
        assert not can_explore(explore.effective(cfg), package), "switched off on the hub"
        client.update_settings({"explore_datasets": True})
        explore.forget()
        assert can_explore(explore.effective(cfg), package), "on again, and geojson counts"

        refused = admin_page.save_settings(client, _submitted(client.get_settings(), explore_formats="csv,docx"))
        assert not refused.ok
        assert refused.field_errors["explore_formats"].startswith('"docx" is not a known format; choose from csv')
    finally:
        client.update_settings({k: original[k] for k in ("explore_datasets", "explore_formats")})
