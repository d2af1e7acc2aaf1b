"""plugin.py and views.py (the CKAN glue) driven through a fake toolkit and Flask."""
from __future__ import annotations

import importlib
import logging
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from fake_ckan import GOOD_CSRF, Abort, User
from fake_hub import GOOD_TOKEN, FakeHub

from ckanext.jupyternotebook.tickets import verify_ticket

SECRET = "k" * 40
RID = "b1c0e3d2-0000-4000-8000-000000000001"
HUB_PUBLIC = "https://hub.example.org/"


@pytest.fixture
def glue(world):
    plugin = importlib.import_module("ckanext.jupyternotebook.plugin")
    views = importlib.import_module("ckanext.jupyternotebook.views")
    return plugin, views


@pytest.fixture
def hub():
    with FakeHub() as running:
        yield running


def _configure(plugin_module, world, hub_api_url="http://127.0.0.1:9/", **extra):
    world.config.update({
        "ckan.site_url": "https://data.example.org",
        "ckanext.jupyternotebook.hub_url": HUB_PUBLIC,
        "ckanext.jupyternotebook.hub_api_url": hub_api_url,
        "ckanext.jupyternotebook.admin_token": GOOD_TOKEN,
        "ckanext.jupyternotebook.ticket_secret": SECRET,
        **extra,
    })
    instance = plugin_module.JupyterNotebookPlugin()
    instance.configure(world.config)
    return instance


def test_info_names_the_view_and_keeps_it_unframed_by_ckan(glue):
    plugin, _ = glue
    info = plugin.JupyterNotebookPlugin().info()
    assert info["name"] == "jupyternotebook" and info["iframed"] is False


def test_can_view_only_notebooks(glue):
    instance = glue[0].JupyterNotebookPlugin()
    assert instance.can_view({"resource": {"format": "ipynb"}, "package": {}})
    assert instance.can_view({"resource": {"url": "https://x/a.ipynb"}, "package": {}})
    assert not instance.can_view({"resource": {"format": "csv", "url": "https://x/a.csv"}, "package": {}})


def test_templates_are_registered_and_exist(glue, world):
    plugin, _ = glue
    instance = plugin.JupyterNotebookPlugin()
    instance.update_config(world.config)
    root = Path(plugin.__file__).parent
    assert world.template_dirs == ["templates"] and (root / "templates").is_dir()
    assert (root / "templates" / instance.view_template({}, {})).is_file()


def test_configure_logs_problems_without_secrets(glue, world, caplog):
    caplog.set_level(logging.WARNING)
    _configure(glue[0], world, **{"ckanext.jupyternotebook.ticket_secret": "too-short-secret"})
    assert "shorter than 32" in caplog.text and "too-short-secret" not in caplog.text
    assert GOOD_TOKEN not in caplog.text


def _view_vars(instance, package=None):
    data = {"resource": {"id": RID, "format": "ipynb"}, "package": package or {"private": False}, "resource_view": {}}
    return instance.setup_template_variables({}, data)["jupyternotebook"]


def test_a_logged_in_reader_gets_a_ticket_checked_with_resource_show(glue, world):
    instance = _configure(glue[0], world)
    world.user = User("alice", is_authenticated=True)
    jn = _view_vars(instance)
    ticket = parse_qs(urlsplit(jn["iframe_src"]).query)["ticket"][0]
    assert verify_ticket(SECRET, ticket, resource_id=RID, now=int(time.time())).user == "alice"
    assert world.access_calls == [("resource_show", {"user": "alice"}, {"id": RID})]
    assert jn["open_url"] == "/jupyternotebook_launch.launch/" + RID


def test_a_logged_in_user_who_may_not_read_gets_no_ticket(glue, world):
    instance = _configure(glue[0], world)
    world.user = User("bob", is_authenticated=True)
    world.readable = lambda user, rid: False
    assert "ticket" not in _view_vars(instance)["iframe_src"]


def test_a_guest_gets_no_ticket_and_no_access_check(glue, world):
    instance = _configure(glue[0], world)
    jn = _view_vars(instance)
    portal = "portal=https%3A%2F%2Fdata.example.org%2F"
    assert jn["iframe_src"] == HUB_PUBLIC + "run/ckan/" + RID + "?" + portal + "&lang=en"
    assert world.access_calls == []


def test_blueprints_and_the_endpoints_the_templates_use(glue):
    plugin, views = glue
    blueprints = plugin.JupyterNotebookPlugin().get_blueprint()
    rules = {k: v for bp in blueprints for k, v in bp.rules.items()}
    assert rules["jupyternotebook.index"][0] == "/ckan-admin/jupyternotebook"
    assert rules["jupyternotebook.index"][2] == ("GET",)
    assert rules["jupyternotebook.save_settings"][2] == ("POST",)
    assert rules["jupyternotebook.stop_session"][0] == "/ckan-admin/jupyternotebook/sessions/<session_id>/stop"
    assert rules["jupyternotebook.stop_session"][2] == ("POST",)
    assert rules["jupyternotebook_launch.launch"][0] == "/jupyternotebook/launch/<resource_id>"
    templates = Path(plugin.__file__).parent / "templates"
    used = set()
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"'(jupyternotebook(?:_launch)?\.\w+)'", text))
    used.add("jupyternotebook_launch.launch")  # built in plugin.py
    assert used <= set(rules), used - set(rules)
    # Every state-changing route is on the blueprint guarded for sysadmins.
    admin = next(bp for bp in blueprints if bp.name == "jupyternotebook")
    assert admin.before and all(bp.name == "jupyternotebook" for bp in blueprints if "POST" in str(bp.rules))


def test_the_admin_blueprint_is_for_sysadmins_only(glue, world):
    _, views = glue
    (guard,) = views.admin.before
    with pytest.raises(Abort) as caught:
        guard()
    assert caught.value.status == 403
    world.user = User("alice", is_authenticated=True)
    with pytest.raises(Abort):
        guard()
    world.user = User("root", is_authenticated=True, sysadmin=True)
    assert guard() is None


def test_the_admin_page_renders_without_the_token(glue, world, hub):
    plugin, views = glue
    _configure(plugin, world, hub_api_url=hub.url)
    views.index()
    ((template, extra),) = world.rendered
    assert template == "jupyternotebook/admin.html"
    assert extra["page"]["sessions"][0]["id"] == "s-1" and GOOD_TOKEN not in repr(extra)


def test_posts_without_a_valid_csrf_token_are_refused_before_the_hub_is_called(glue, world, hub):
    plugin, views = glue
    _configure(plugin, world, hub_api_url=hub.url)
    world.form.update({"cpu_percent": "70", "orig_cpu_percent": "50", "_csrf_token": "forged"})
    with pytest.raises(Abort) as caught:
        views.save_settings()
    assert caught.value.status == 400
    with pytest.raises(Abort):
        views.stop_session("s-1")
    assert hub.requests == []


def test_the_csrf_field_name_follows_ckans_setting(glue, world, hub):
    plugin, views = glue
    _configure(plugin, world, hub_api_url=hub.url, WTF_CSRF_FIELD_NAME="my_csrf")
    world.form.update({"_csrf_token": GOOD_CSRF})
    with pytest.raises(Abort):
        views.stop_session("s-1")
    world.form.update({"my_csrf": GOOD_CSRF})
    assert views.stop_session("s-1") == ("redirect", "jupyternotebook.index")


def test_saving_settings_puts_the_change_and_redirects(glue, world, hub):
    plugin, views = glue
    _configure(plugin, world, hub_api_url=hub.url)
    world.form.update({"cpu_percent": "70", "orig_cpu_percent": "50", "_csrf_token": GOOD_CSRF})
    assert views.save_settings() == ("redirect", "jupyternotebook.index")
    assert hub.settings["cpu_percent"] == 70 and world.flashes == [("success", "Saved: CPU (% of one core).")]


def test_invalid_settings_render_the_page_again(glue, world, hub):
    plugin, views = glue
    _configure(plugin, world, hub_api_url=hub.url)
    world.form.update({"cpu_percent": "700", "orig_cpu_percent": "50", "_csrf_token": GOOD_CSRF})
    views.save_settings()
    ((_, extra),) = world.rendered
    fields = {f["name"]: f for f in extra["page"]["fields"]}
    assert fields["cpu_percent"]["errors"] == ["must be an integer from 1 to 100"]
    assert [r for r in hub.requests if r[0] == "PUT"] == []


def test_stopping_a_session(glue, world, hub):
    plugin, views = glue
    _configure(plugin, world, hub_api_url=hub.url)
    world.form.update({"_csrf_token": GOOD_CSRF})
    views.stop_session("s-1")
    views.stop_session("s-1")
    assert world.flashes == [("success", "Session s-1 stopped."), ("notice", "Session s-1 had already ended.")]


def test_the_launch_link_redirects_with_a_fresh_ticket(glue, world):
    plugin, views = glue
    _configure(plugin, world)
    world.user = User("alice", is_authenticated=True)
    response = views.launch_notebook(RID)
    assert response.status_code == 303 and response.headers["Cache-Control"] == "no-store"
    assert response.location.startswith(HUB_PUBLIC + "run/ckan/" + RID + "?ticket=")
    assert world.access_calls == [("resource_show", {"user": "alice"}, {"id": RID})]


def test_the_launch_link_for_guests_and_for_forbidden_or_missing_resources(glue, world):
    plugin, views = glue
    _configure(plugin, world)
    query = "?portal=https%3A%2F%2Fdata.example.org%2F&lang=en"
    assert views.launch_notebook(RID).location == HUB_PUBLIC + "run/ckan/" + RID + query
    assert world.access_calls == [("resource_show", {"user": ""}, {"id": RID})]
    world.readable = lambda user, rid: False
    with pytest.raises(Abort) as caught:
        views.launch_notebook(RID)
    assert caught.value.status == 403
    world.missing.add("gone")
    with pytest.raises(Abort) as caught:
        views.launch_notebook("gone")
    assert caught.value.status == 404


def test_the_run_button_route_redirects_with_run_and_a_fresh_ticket(glue, world):
    plugin, views = glue
    _configure(plugin, world)
    world.user = User("alice", is_authenticated=True)
    world.args["run"] = "1"
    world.lang = "de"
    response = views.launch_notebook(RID)
    query = parse_qs(urlsplit(response.location).query)
    assert response.status_code == 303 and response.headers["Cache-Control"] == "no-store"
    assert query["run"] == ["1"] and query["lang"] == ["de"]
    assert verify_ticket(SECRET, query["ticket"][0], resource_id=RID, now=int(time.time())).user == "alice"


def test_the_run_button_route_sends_a_user_who_may_not_read_to_the_hub_without_a_ticket(glue, world):
    plugin, views = glue
    _configure(plugin, world)
    world.user = User("bob", is_authenticated=True)
    world.readable = lambda user, rid: False
    world.args["run"] = "1"
    response = views.launch_notebook(RID)
    assert response.status_code == 303 and "ticket" not in parse_qs(urlsplit(response.location).query)
    world.missing.add("gone")
    with pytest.raises(Abort) as caught:
        views.launch_notebook("gone")
    assert caught.value.status == 404


def test_the_preview_route_gives_a_member_a_ticket_and_others_none(glue, world):
    plugin, views = glue
    _configure(plugin, world)
    world.user = User("alice", is_authenticated=True)
    response = views.preview_notebook(RID)
    assert response.status_code == 303 and response.headers["Referrer-Policy"] == "no-referrer"
    ticket = parse_qs(urlsplit(response.location).query)["ticket"][0]
    assert response.location.startswith(HUB_PUBLIC + "preview/ckan/" + RID + "?")
    assert verify_ticket(SECRET, ticket, resource_id=RID, now=int(time.time())).user == "alice"
    world.user = User("bob", is_authenticated=True)
    world.readable = lambda user, rid: False
    assert "ticket" not in views.preview_notebook(RID).location


def test_the_view_links_to_the_plugins_preview_route(glue, world):
    instance = _configure(glue[0], world)
    assert _view_vars(instance)["preview_url"] == "/jupyternotebook_launch.preview/" + RID
