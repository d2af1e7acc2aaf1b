"""The resource view: who gets a ticket, and what a visitor sees."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from ckanext.jupyternotebook.config import PluginConfig
from ckanext.jupyternotebook.notebook_view import build_view, is_notebook_resource, launch_target, preview_target
from ckanext.jupyternotebook.tickets import verify_ticket
from ckanext.jupyternotebook.urls import UrlError

SECRET = "t" * 40
NOW = 1_800_000_000
HUB = "https://hub.example.org/"
RID = "b1c0e3d2-0000-4000-8000-000000000001"
CFG = PluginConfig(hub_url=HUB, hub_api_url=HUB, ticket_secret=SECRET, view_height=640)
RESOURCE = {"id": RID, "format": "ipynb", "url": "https://data.example.org/x.ipynb"}
PUBLIC = {"private": False}
PRIVATE = {"private": True}


def _view(cfg=CFG, resource=RESOURCE, package=PUBLIC, user=None, can_read=True):
    calls = []

    def check():
        calls.append(1)
        return can_read

    view = build_view(
        cfg,
        resource,
        package,
        user=user,
        can_read=check,
        launch_url="/jupyternotebook/launch/x",
        preview_link="/jupyternotebook/preview/x",
        portal=None,
        lang=None,
        now=NOW,
    )
    return view, calls


def _ticket(url: str):
    values = parse_qs(urlsplit(url).query).get("ticket")
    return values[0] if values else None


@pytest.mark.parametrize(
    "resource",
    [
        {"format": "ipynb"},
        {"format": "IPYNB"},
        {"format": " .ipynb "},
        {"format": "Jupyter Notebook"},
        {"format": "", "mimetype": "application/x-ipynb+json"},
        {"format": "", "url": "https://x.org/analysis.ipynb"},
        {"format": None, "url": "https://x.org/A.IPYNB?download=1#top"},
        {"url": "analysis.ipynb"},
    ],
)
def test_notebook_resources(resource):
    assert is_notebook_resource(resource)


@pytest.mark.parametrize(
    "resource",
    [
        {"format": "csv", "url": "https://x.org/data.csv"},
        {"format": "", "url": "https://x.org/data.csv?name=x.ipynb"},
        {"format": "", "url": "https://x.org/page#x.ipynb"},
        {"format": "html", "url": "https://x.org/ipynb"},
        {"url": None},
        {},
    ],
)
def test_other_resources(resource):
    assert not is_notebook_resource(resource)


def test_a_guest_gets_the_run_page_without_a_ticket_and_no_access_check():
    view, calls = _view(user=None)
    assert view["ok"] and view["iframe_src"] == HUB + "run/ckan/" + RID
    assert view["preview_url"] == "/jupyternotebook/preview/x"  # the plugin's route
    assert view["open_url"] == "/jupyternotebook/launch/x" and view["height"] == 640
    assert view["as_user"] is False and calls == []


def test_a_logged_in_reader_gets_a_ticket_for_this_user_and_resource():
    view, calls = _view(user="alice")
    ticket = _ticket(view["iframe_src"])
    got = verify_ticket(SECRET, ticket, resource_id=RID, now=NOW)
    assert got.user == "alice" and NOW < got.exp <= NOW + 600
    assert view["as_user"] is True and calls == [1]
    assert view["iframe_src"].startswith(HUB + "run/ckan/" + RID + "?ticket=")


def test_each_render_gets_a_fresh_ticket():
    first, _ = _view(user="alice")
    second, _ = _view(user="alice")
    assert _ticket(first["iframe_src"]) != _ticket(second["iframe_src"])


def test_a_logged_in_user_without_access_gets_no_ticket():
    view, calls = _view(user="bob", can_read=False)
    assert view["ok"] and _ticket(view["iframe_src"]) is None and calls == [1]


def test_without_a_ticket_secret_a_logged_in_user_is_a_guest_for_public_data():
    view, calls = _view(cfg=PluginConfig(hub_url=HUB), user="alice")
    assert view["ok"] and _ticket(view["iframe_src"]) is None and calls == []


def test_private_data_needs_a_ticket():
    assert _view(package=PRIVATE, user="alice")[0]["ok"]
    assert _view(package=PRIVATE, user=None)[0] == {"ok": False, "message": "Log in to run this notebook."}
    view, _ = _view(cfg=PluginConfig(hub_url=HUB), package=PRIVATE, user="alice")
    assert view["ok"] is False and "private" in view["message"]
    assert _view(package=PRIVATE, user="bob", can_read=False)[0]["ok"] is False


def test_no_hub_configured_shows_a_message():
    view, _ = _view(cfg=PluginConfig())
    assert view["ok"] is False and view["message"]


@pytest.mark.parametrize("rid", [None, "", "..", "x" * 500])
def test_an_unusable_resource_id_shows_a_message(rid):
    view, _ = _view(resource={**RESOURCE, "id": rid}, user="alice")
    assert view["ok"] is False


def test_hostile_resource_ids_are_encoded_in_the_frame_url():
    view, _ = _view(resource={**RESOURCE, "id": '"><script>x</script>/../?a=b'}, user="alice")
    parts = urlsplit(view["iframe_src"])
    assert parts.netloc == "hub.example.org" and parts.path.count("/") == 3
    assert list(parse_qs(parts.query)) == ["ticket"]


def test_the_launch_link_target_mints_a_ticket_at_click_time():
    url = launch_target(CFG, RID, user="alice", now=NOW + 3600)
    got = verify_ticket(SECRET, _ticket(url), resource_id=RID, now=NOW + 3600)
    assert got.user == "alice" and url.startswith(HUB + "run/ckan/" + RID + "?ticket=")
    assert launch_target(CFG, RID, user=None, now=NOW) == HUB + "run/ckan/" + RID


def test_the_launch_target_is_always_under_the_hub():
    for rid in ("//evil.org", "https://evil.org", "../../x", "%2e%2e"):
        assert urlsplit(launch_target(CFG, rid, user=None, now=NOW)).netloc == "hub.example.org"
    with pytest.raises(UrlError):
        launch_target(CFG, "..", user=None, now=NOW)
    with pytest.raises(UrlError):
        launch_target(PluginConfig(), RID, user=None, now=NOW)


def test_the_frame_tells_the_hub_where_the_portal_is_and_the_page_language():
    view = build_view(
        CFG, RESOURCE, PUBLIC, user="alice", can_read=lambda: True, launch_url="/l", preview_link="/p",
        portal="https://data.example.org/catalogue", lang="pt_BR", now=NOW,
    )
    query = parse_qs(urlsplit(view["iframe_src"]).query)
    assert query["portal"] == ["https://data.example.org/catalogue/"] and query["lang"] == ["pt_BR"]
    assert _ticket(view["iframe_src"])


@pytest.mark.parametrize("portal,lang", [("javascript:alert(1)", "de\"><x"), ("https://u:p@x.org/", "x" * 40)])
def test_a_bad_portal_or_language_is_left_out(portal, lang):
    view = build_view(
        CFG, RESOURCE, PUBLIC, user=None, can_read=lambda: True, launch_url="/l", preview_link="/p",
        portal=portal, lang=lang, now=NOW,
    )
    assert view["iframe_src"] == HUB + "run/ckan/" + RID


def test_tickets_live_as_long_as_configured():
    cfg = PluginConfig(hub_url=HUB, hub_api_url=HUB, ticket_secret=SECRET, ticket_lifetime_seconds=2)
    ticket = _ticket(launch_target(cfg, RID, user="alice", now=NOW))
    assert verify_ticket(SECRET, ticket, resource_id=RID, now=NOW + 1).user == "alice"
    with pytest.raises(Exception):
        verify_ticket(SECRET, ticket, resource_id=RID, now=NOW + 2)


def test_the_run_button_target_launches_at_once_with_a_ticket_minted_now():
    url = launch_target(CFG, RID, user="alice", now=NOW + 3600, portal="https://data.example.org/", lang="de", run=True)
    query = parse_qs(urlsplit(url).query)
    assert query["run"] == ["1"] and query["lang"] == ["de"] and query["portal"] == ["https://data.example.org/"]
    assert verify_ticket(SECRET, query["ticket"][0], resource_id=RID, now=NOW + 3600).user == "alice"


def test_a_user_who_may_not_read_gets_the_hub_page_without_a_ticket():
    url = launch_target(CFG, RID, user="bob", now=NOW, run=True, can_read=False)
    assert url == HUB + "run/ckan/" + RID + "?run=1"


def test_the_preview_target_has_a_ticket_only_for_a_user():
    url = preview_target(CFG, RID, user="alice", now=NOW)
    assert url.startswith(HUB + "preview/ckan/" + RID + "?ticket=")
    assert verify_ticket(SECRET, _ticket(url), resource_id=RID, now=NOW).user == "alice"
    assert preview_target(CFG, RID, user=None, now=NOW, lang="de") == HUB + "preview/ckan/" + RID + "?lang=de"
