"""The admin page's explore switch and format choice (parsed like the hub, sent only when
changed, rendered as checkboxes), and the runtime values the "Explore in Jupyter" button
follows: the hub's, cached briefly, the CKAN options when the hub cannot be asked."""
from __future__ import annotations

import re
import socket
from datetime import datetime, timezone

import pytest
from fake_hub import GOOD_TOKEN, FakeHub
from test_templates import _render_admin

from ckanext.jupyternotebook import admin_page
from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.explore_fields import KNOWN_FORMATS, parse_formats, parse_switch
from ckanext.jupyternotebook.explore_settings import HubExploreSettings
from ckanext.jupyternotebook.hub_client import HubClient, HubError
from ckanext.jupyternotebook.notebook_view import can_explore
from ckanext.jupyternotebook.settings_form import FieldError, form_values, parse_settings_form

NOW = datetime(2026, 1, 1, 10, 5, 0, tzinfo=timezone.utc)
PACKAGE = {"id": "d1", "resources": [{"id": "r1", "format": "XLSX"}]}


@pytest.fixture
def hub():
    with FakeHub() as running:
        yield running


def _cfg(hub: FakeHub, **kw) -> PluginConfig:
    return PluginConfig(hub_url="https://hub.example.org/", hub_api_url=hub.url, admin_token=GOOD_TOKEN, **kw)


class _MultiDict(dict):
    """What Flask's request.form gives: one value per key by get, all by getlist."""

    def __init__(self, pairs):
        super().__init__()
        self.pairs = pairs
        for k, v in pairs:
            self.setdefault(k, v)

    def getlist(self, key):
        return [v for k, v in self.pairs if k == key]


def _form(settings: dict, **changes) -> _MultiDict:
    """The form as a browser posts it: checked boxes only, every hidden original."""
    shown = {**form_values(settings), **changes}
    pairs = [("orig_" + k, v) for k, v in form_values(settings).items()]
    for name, value in shown.items():
        if name == "explore_datasets":
            if value == "on":
                pairs.append((name, "on"))
        elif name == "explore_formats":
            pairs.extend((name, f) for f in value.split(",") if f)
        else:
            pairs.append((name, value))
    return _MultiDict(pairs)


def test_the_switch_and_the_formats_parse_like_the_hub():
    assert [parse_switch(v) for v in (True, "on", " YES ", "1", False, "off", "0")] == [True] * 4 + [False] * 3
    for bad in ("maybe", 1, None, ""):
        with pytest.raises(FieldError, match="must be true or false"):
            parse_switch(bad)
    assert parse_formats("geojson, .CSV, text/csv") == ["csv", "geojson"]
    assert parse_formats([]) == [] and parse_formats("") == []
    with pytest.raises(FieldError) as caught:
        parse_formats(["csv", "docx"])
    assert str(caught.value) == '"docx" is not a known format; choose from ' + ", ".join(KNOWN_FORMATS)
    with pytest.raises(FieldError, match='"docx", "pdf" are not known formats'):
        parse_formats("docx,pdf")
    with pytest.raises(FieldError, match="must be a list of strings"):
        parse_formats(5)


def test_unchecking_the_switch_and_formats_sends_exactly_those_changes(hub):
    form = _form(hub.settings, explore_datasets="off", explore_formats="csv,json")
    outcome = admin_page.save_settings(HubClient(hub.url, GOOD_TOKEN), form)
    assert outcome.ok, outcome
    assert outcome.message == "Saved: Explore datasets in Jupyter, Formats the starter notebook loads."
    method, path, _, body = hub.requests[-1]
    assert (method, path) == ("PUT", "/api/admin/settings")
    assert body == b'{"explore_datasets": false, "explore_formats": ["csv", "json"]}'
    assert hub.settings["explore_datasets"] is False and hub.settings["explore_formats"] == ["csv", "json"]

    # Posted again unchanged (nothing checked now stays nothing checked): nothing is sent.
    hub.requests.clear()
    again = admin_page.save_settings(HubClient(hub.url, GOOD_TOKEN), _form(hub.settings))
    assert again.ok and again.message == "Nothing changed." and hub.requests == []


def test_no_format_checked_is_an_empty_list_and_a_form_without_the_fields_changes_nothing(hub):
    parsed = parse_settings_form(_form(hub.settings, explore_formats=""))
    assert parsed.values["explore_formats"] == []
    older = parse_settings_form({"cpu_percent": "50"})  # no original, no value: not in the form
    assert "explore_formats" not in older.values and "explore_datasets" not in older.values


def test_the_form_shows_a_switch_and_a_checkbox_per_format(hub):
    hub.settings.update(explore_datasets=False, explore_formats=["csv", "geojson"])
    page = admin_page.page_state(HubClient(hub.url, GOOD_TOKEN), _cfg(hub), now=NOW)
    fields = {f["name"]: f for f in page["fields"]}
    assert fields["explore_datasets"]["kind"] == "switch" and fields["explore_datasets"]["checked"] is False
    options = fields["explore_formats"]["options"]
    assert [o["value"] for o in options] == list(KNOWN_FORMATS)
    assert [o["value"] for o in options if o["checked"]] == ["csv", "geojson"]
    html = _render_admin(page)
    assert re.search(r'<input id="field-explore-datasets" type="checkbox" name="explore_datasets" value="on"', html)
    assert 'name="orig_explore_datasets" value="off"' in html
    assert 'name="orig_explore_formats" value="csv,geojson"' in html
    checked = re.findall(r'name="explore_formats" value="(\w+)" class="form-check-input" checked', html)
    assert checked == ["csv", "geojson"]
    assert len(re.findall(r'name="explore_formats" value=', html)) == len(KNOWN_FORMATS)


def test_an_older_hub_without_explore_settings_gets_no_such_fields(hub):
    del hub.settings["explore_datasets"], hub.settings["explore_formats"]
    page = admin_page.page_state(HubClient(hub.url, GOOD_TOKEN), _cfg(hub), now=NOW)
    assert "explore_datasets" not in {f["name"] for f in page["fields"]}
    outcome = admin_page.save_settings(HubClient(hub.url, GOOD_TOKEN), _form(hub.settings, cpu_percent="60"))
    assert outcome.ok and hub.requests[-1][3] == b'{"cpu_percent": 60}'


class _Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_the_button_follows_the_hubs_values_cached_briefly(hub):
    cfg = _cfg(hub)  # the CKAN options: on, xlsx counts
    clock = _Clock()
    explore = HubExploreSettings(ttl=30, clock=clock)
    assert can_explore(explore.effective(cfg), PACKAGE)
    asked = len(hub.requests)
    assert asked == 1

    hub.settings["explore_datasets"] = False
    assert can_explore(explore.effective(cfg), PACKAGE), "cached: not asked again"
    assert len(hub.requests) == asked
    clock.now += 31
    assert not can_explore(explore.effective(cfg), PACKAGE), "asked again after the cache time"
    assert len(hub.requests) == asked + 1

    hub.settings.update(explore_datasets=True, explore_formats=["csv"])
    explore.forget()  # what saving on the admin page does
    assert not can_explore(explore.effective(cfg), PACKAGE), "xlsx no longer counts"
    assert can_explore(explore.effective(cfg), {"id": "d1", "resources": [{"format": "csv"}]})
    assert explore.effective(cfg).explore_formats == frozenset({"csv"})


def test_the_ckan_options_when_the_hub_cannot_be_asked(hub):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = PluginConfig(hub_url="https://hub.example.org/", hub_api_url=f"http://127.0.0.1:{port}/",
                        admin_token=GOOD_TOKEN, explore_formats=frozenset({"xlsx"}))
    clock = _Clock()
    explore = HubExploreSettings(ttl=30, clock=clock)
    assert explore.effective(down) is down and can_explore(explore.effective(down), PACKAGE)

    calls = []

    class Counting:
        def get_settings(self):
            calls.append(1)
            raise HubError("unreachable", "down")

    explore = HubExploreSettings(lambda cfg: Counting(), ttl=30, clock=clock)
    for _ in range(5):
        assert explore.effective(down) is down
    assert len(calls) == 1, "a hub that is down is not asked at every render either"

    no_token = PluginConfig(hub_url="https://hub.example.org/", hub_api_url=hub.url, admin_token=None,
                            explore_datasets=False)
    assert HubExploreSettings().effective(no_token) is no_token and hub.requests == []

    hub.settings.pop("explore_formats")  # an older hub: the options
    assert HubExploreSettings().effective(_cfg(hub)) == _cfg(hub)
